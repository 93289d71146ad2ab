import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { badUserInput } from '../../../lib/errors.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { checkMsisdn } from '../../../lib/msisdn.js';
import { visibleCustomer } from './access.js';

/** Customer fields whose rows the customer's own statement can bring along. */
const DETAILS = new Set(['holdings', 'usage']);

export const Query: QueryResolvers = {
  async customer(_parent, { msisdn }, ctx, info) {
    const check = checkMsisdn(msisdn);
    if (!check.ok) throw badUserInput(check.reason, { field: 'msisdn' });
    if (!asksFor(info, DETAILS)) return visibleCustomer(await ctx.store.customerByMsisdn(check.msisdn), ctx);
    // The counter's view reads holdings and usage next: one statement instead of three.
    const found = await ctx.store.customerWithDetails(check.msisdn, ctx.today);
    if (found) {
      ctx.loaders.holdings.prime(found.row.id, found.holdings);
      ctx.loaders.usage.prime(found.row.id, found.usage);
      if (found.city) ctx.loaders.city.prime(found.city.code, found.city);
    }
    return visibleCustomer(found?.row ?? null, ctx);
  },
  customerById: async (_parent, { id }, ctx) => visibleCustomer(await ctx.loaders.customer.load(id), ctx),
  halls: (_parent, _args, ctx) => ctx.store.hallsOfCity(ctx.identity.city),
};

/** Whether the field's selection asks for any of these fields directly (fragments included). */
function asksFor(info: GraphQLResolveInfo, names: ReadonlySet<string>): boolean {
  const within = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((s) => {
      if (s.kind === 'Field') return names.has(s.name.value);
      if (s.kind === 'InlineFragment') return within(s.selectionSet);
      return within(info.fragments[s.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => within(node.selectionSet));
}
