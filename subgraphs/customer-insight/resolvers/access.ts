import { can } from '../../../lib/auth/identity.js';
import type { Context } from '../context.js';
import type { CustomerRow } from '../store.js';

/**
 * The one gate every customer passes on its way out: other cities' customers do not exist for
 * the caller, and each customer shown is written to the audit trail (PIPL).
 */
export async function visibleCustomer(row: CustomerRow | null, ctx: Context): Promise<CustomerRow | null> {
  if (!row || row.city_code !== ctx.identity.city) return null;
  await ctx.loaders.audit.load({
    staffId: ctx.identity.staffId,
    cityCode: ctx.identity.city,
    customerId: row.id,
    unmasked: can(ctx.identity, 'pii:unmasked'),
  });
  return row;
}
