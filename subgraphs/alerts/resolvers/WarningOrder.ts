import type { WarningOrderResolvers } from '../__generated__/resolvers-types.js';
import { PARSER_VERSION, parseWarningContent, type ParsedWarning } from '../domain/parse-content.js';
import { checkType } from '../domain/type-check.js';
import type { WarningOrderRow } from '../store.js';
import { iso } from './shared.js';

const fresh = new WeakMap<WarningOrderRow, ParsedWarning>();

/**
 * The order's reading by the extractor in service: one stored by an older extractor (or none) is
 * read again from the raw text, which is always kept, so every order shows the same fields.
 */
function readingOf(w: WarningOrderRow): ParsedWarning {
  if (w.parsed?.version === PARSER_VERSION) return w.parsed;
  let p = fresh.get(w);
  if (!p) fresh.set(w, (p = parseWarningContent(w.content, w.issued_at)));
  return p;
}

export const WarningOrder: WarningOrderResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.byId.load(ref.id),
  externalId: (w) => w.external_id,
  rawType: (w) => w.raw_type,
  parsed: (w) => readingOf(w),
  typeCheck: (w) => checkType(w.type, w.raw_type, readingOf(w)),
  flags: (w) => {
    const p = readingOf(w);
    return [
      ...(checkType(w.type, w.raw_type, p).agrees ? [] : (['TYPE_DISAGREES'] as const)),
      ...(p.status === 'UNPARSED' ? (['UNPARSED_TEXT'] as const) : []),
    ];
  },
  issuedAt: (w) => w.issued_at.toISOString(),
  // Until the text is read in the background, a due date it names is read here.
  dueDate: (w) => w.due_date ?? (w.parsed ? null : readingOf(w).dueDate),
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
