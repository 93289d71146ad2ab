import type { WarningOrderResolvers } from '../__generated__/resolvers-types.js';
import type { WarningOrderRow } from '../store.js';
import { iso } from './shared.js';

export const WarningOrder: WarningOrderResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.byId.load(ref.id),
  externalId: (w) => w.external_id,
  rawType: (w) => w.raw_type,
  parsed: (w: WarningOrderRow) => w.parsed ?? { status: 'UNPARSED', type: null, level: null, reasons: [], figures: [], actions: [], dueDate: null },
  issuedAt: (w) => w.issued_at.toISOString(),
  dueDate: (w) => w.due_date,
  hallCode: (w) => w.hall_code,
  deliveredAt: (w) => iso(w.delivered_at),
  deliveredCounter: (w) => w.delivered_counter,
  acknowledgedAt: (w) => iso(w.acknowledged_at),
  acknowledgedBy: (w) => w.acknowledged_by,
  handledAt: (w) => iso(w.handled_at),
  handledBy: (w) => w.handled_by,
  outcomeNote: (w) => w.outcome_note,
  customer: (w) => ({ msisdnKey: w.msisdn }),
};
