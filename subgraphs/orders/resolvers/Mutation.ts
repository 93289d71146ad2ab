import { checkMsisdn } from '../../../lib/msisdn.js';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import type { TargetRow } from '../handling/index.js';

async function resolveNumbers(ctx: Context, numbers: string[]): Promise<TargetRow[]> {
  const seen = new Set<string>();
  const rows: TargetRow[] = numbers.map((raw, index) => {
    const c = checkMsisdn(raw);
    if (!c.ok) return { index, msisdn: null, status: 'MALFORMED', reason: c.reason, customerId: null };
    if (seen.has(c.msisdn)) return { index, msisdn: c.msisdn, status: 'DUPLICATE', reason: '与前面的行重复 / repeats an earlier row', customerId: null };
    seen.add(c.msisdn);
    return { index, msisdn: c.msisdn, status: 'UNKNOWN', reason: '不是本地市客户 / no customer of your city has this number', customerId: null };
  });
  const lookups = rows.filter((r) => r.status === 'UNKNOWN');
  for (let i = 0; i < lookups.length; i += 200) {
    await Promise.all(
      lookups.slice(i, i + 200).map(async (row) => {
        const id = await ctx.graph.customerByNumber(ctx.identity, row.msisdn!);
        if (id) Object.assign(row, { status: 'ACCEPTED', reason: null, customerId: id });
      }),
    );
  }
  return rows;
}

export const Mutation: MutationResolvers = {
  startHandling: (_p, { input }, ctx) => ctx.service.start(ctx.identity, input),
  setCartPackage: (_p, { input }, ctx) => ctx.service.setPackage(ctx.identity, input),
  addCartAddOn: (_p, { input }, ctx) => ctx.service.addAddOn(ctx.identity, input),
  removeCartAddOn: (_p, { input }, ctx) => ctx.service.removeAddOn(ctx.identity, input),
  choosePromotionTier: (_p, { input }, ctx) => ctx.service.chooseTier(ctx.identity, input),
  removePromotion: (_p, { input }, ctx) => ctx.service.removePromotion(ctx.identity, input),
  chooseGifts: (_p, { input }, ctx) => ctx.service.chooseGifts(ctx.identity, input),
  priceCart: (_p, { input }, ctx) => ctx.service.priceCart(ctx.identity, input),
  generateForm: (_p, { input }, ctx) => ctx.service.generateForm(ctx.identity, input),
  signForm: (_p, { input }, ctx) => ctx.service.sign(ctx.identity, input),
  submitHandling: (_p, { input }, ctx) => ctx.service.submit(ctx.identity, input),
  cancelHandling: (_p, { input }, ctx) => ctx.service.cancel(ctx.identity, input),
  declareTargetUser: (_p, { input }, ctx) => ctx.service.declare(ctx.identity, input),
  decideDeclaration: (_p, { input }, ctx) => ctx.service.decide(ctx.identity, input),
  uploadTargetList: (_p, { input }, ctx) => ctx.service.uploadTargetList(ctx.identity, input, (numbers) => resolveNumbers(ctx, numbers)),
};
