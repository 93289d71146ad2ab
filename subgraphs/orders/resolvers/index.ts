import { badUserInput } from '../../../lib/errors.js';
import { checkMsisdn } from '../../../lib/msisdn.js';
import { maskMsisdn } from '../../../lib/mask.js';
import { MAX_CONFIRMATION_ATTEMPTS } from '../service.js';
import { DateScalar, DateTimeScalar } from '../../../lib/scalars.js';
import type { Context } from '../context.js';
import { sessionScope, type DeclarationRow, type SessionRow } from '../store.js';
import type { TargetRow } from '../service.js';
import type {
  CustomerResolvers, DeclarationResolvers, HandlingSessionResolvers, MutationResolvers, OrderResolvers, QueryResolvers, TargetListResolvers,
} from '../__generated__/resolvers-types.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

const Query: QueryResolvers = {
  order: (_parent, { id }, ctx) => ctx.store.order(id, ctx.identity.city),
  handlingSession: (_p, { id }, ctx) => ctx.store.session(ctx.store.db, id, sessionScope(ctx.identity)),
  async declarationQueue(_p, { status, first }, ctx) {
    const n = first ?? 50;
    if (!Number.isInteger(n) || n < 1 || n > 500) throw badUserInput('first must be 1..500 / 数量须在1到500之间', { field: 'first' });
    return ctx.store.queue(ctx.identity.city, status ?? 'PENDING', n);
  },
  declaration: (_p, { id }, ctx) => ctx.store.declaration(ctx.store.db, id, ctx.identity.city),
  async smsOutbox(_p, { first }, ctx) {
    const n = first ?? 20;
    if (!Number.isInteger(n) || n < 1 || n > 200) throw badUserInput('first must be 1..200 / 数量须在1到200之间', { field: 'first' });
    return (await ctx.outbox.recent(ctx.identity.city, n)).map((m) => ({ id: m.id, to: maskMsisdn(m.to_msisdn), purpose: m.purpose, text: m.text, sentAt: m.sent_at.toISOString() }));
  },
};

/** Resolves up to 50 000 numbers to customer ids through the graph, 200 per request. */
/** Each uploaded number checked, then looked up through the graph (as the uploader, so only their city's customers are found). */
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
    await Promise.all(lookups.slice(i, i + 200).map(async (row) => {
      const id = await ctx.graph.customerByNumber(ctx.identity, row.msisdn!);
      if (id) Object.assign(row, { status: 'ACCEPTED', reason: null, customerId: id });
    }));
  }
  return rows;
}

const Mutation: MutationResolvers = {
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

const TargetList: TargetListResolvers = {
  rows: (l) => l.rows.map((r) => ({ index: r.index, msisdn: r.msisdn ? maskMsisdn(r.msisdn) : null, status: r.status, reason: r.reason })),
};

const Customer: CustomerResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  async orders(c, { first }, ctx) {
    const n = first ?? 10;
    if (!Number.isInteger(n) || n < 0 || n > 100) throw badUserInput(`first must be 0..100, got ${n} / 数量须在0到100之间`, { field: 'first' });
    return (await ctx.loaders.byCustomer.load(c.id)).slice(0, n);
  },
};

const Order: OrderResolvers = {
  orderNumber: (o) => o.order_number,
  package: (o) => ({ code: o.package_code }),
  hallCode: (o) => o.hall_code,
  staffId: (o) => o.staff_id,
  totalFee: (o) => o.total_fee_cents / 100,
  crmOrderId: (o) => o.crm_order_id ?? null,
  failureReason: (o) => o.failure_reason ?? null,
  cardId: (o) => o.card_id ?? null,
  createdAt: (o) => o.created_at.toISOString(),
  customer: (o) => ({ id: o.customer_id }),
};

const HandlingSession: HandlingSessionResolvers = {
  customer: (s) => ({ id: s.customer_id }),
  cart: (s: SessionRow) => ({
    package: s.cart.packageCode ? { code: s.cart.packageCode } : null,
    packageName: s.cart.packageName,
    promotion: s.cart.promotion,
    addOns: (s.cart.addOns ?? []).map((a) => ({ package: { code: a.code }, name: a.name, monthlyFee: a.monthlyFee })),
  }),
  form: (s) => (s.form ? { hash: s.form_hash!, content: JSON.stringify(s.form), html: s.form_html!, generatedAt: s.form.generatedAt } : null),
  signature: (s) => (s.signature ? { format: s.signature.format, bytes: s.signature.bytes, formHash: s.signature.formHash, signedAt: s.signature.signedAt, valid: s.signature.valid } : null),
  requiresApproval: (s) => s.requires_approval,
  declaration: (s, _a, ctx) => ctx.loaders.declarationOfSession.load(s.id),
  order: (s, _a, ctx) => (s.order_id ? ctx.loaders.order.load(s.order_id) : null),
  failureReason: (s) => s.failure_reason,
  remoteConfirmation: (s, _a, ctx) => (s.confirmation ? {
    link: `${ctx.confirmationBase}/${s.confirmation.token}`, expiresAt: s.confirmation.expiresAt, confirmedAt: s.confirmation.confirmedAt,
    attemptsLeft: Math.max(0, MAX_CONFIRMATION_ATTEMPTS - s.confirmation.attempts),
  } : null),
  staffId: (s) => s.staff_id,
  hallCode: (s) => s.hall_code,
  createdAt: (s) => s.created_at.toISOString(),
  updatedAt: (s) => s.updated_at.toISOString(),
  expiresAt: (s) => s.expires_at.toISOString(),
};

const Declaration: DeclarationResolvers = {
  __resolveReference: (ref, ctx) => ctx.store.declaration(ctx.store.db, ref.id, ctx.identity.city),
  sessionId: (d) => d.session_id,
  customer: (d) => ({ id: d.customer_id }),
  packageCode: (d) => d.package_code,
  tierCode: (d) => d.tier_code,
  declaredBy: (d) => d.declared_by,
  declaredAt: (d) => d.declared_at.toISOString(),
  hallCode: (d) => d.hall_code,
  decidedBy: (d) => d.decided_by,
  decidedAt: (d) => iso(d.decided_at),
  decisionReason: (d) => d.decision_reason,
  autoApprovedBy: (d) => d.auto_approved_by,
  overdue: (d: DeclarationRow, _a, ctx) => ctx.service.overdue(d),
  audit: async (d, _a, ctx) => (await ctx.store.auditOf(`declaration:${d.id}`)).map((a) => ({ at: a.at.toISOString(), actor: a.actor, action: a.action, detail: a.detail })),
};

export const resolvers = { Query, Mutation, Customer, Order, HandlingSession, Declaration, TargetList, Date: DateScalar, DateTime: DateTimeScalar };
