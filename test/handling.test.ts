import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import { tenureMonths } from '../subgraphs/customer-insight/domain/tenure.js';
import { CrmSimulator } from '../subgraphs/orders/crm/simulator.js';
import type { CrmOrder, CrmPort } from '../subgraphs/orders/crm/port.js';
import { seedCatalogRows } from '../subgraphs/catalog/seed.js';
import {
  AddCartAddOnDocument,
  ChooseGiftsDocument,
  ChoosePromotionTierDocument,
  RemoveCartAddOnDocument,
  ConversionDocument,
  CustomerInsightDocument,
  DeclarationQueueDocument,
  DeclareTargetUserDocument,
  DecideDeclarationDocument,
  GenerateFormDocument,
  HandlingSessionViewDocument,
  PriceCartDocument,
  RecommendationsDocument,
  RecordOutcomeDocument,
  SetCartPackageDocument,
  SignFormDocument,
  StartHandlingDocument,
  SubmitHandlingDocument,
  UploadTargetListDocument,
  SmsOutboxDocument,
  type SessionViewFragment,
} from './__generated__/graphql.js';
import { BACKENDS } from './helpers/backends.js';
import { startTestGraph, TEST_CUSTOMERS, TEST_TODAY, type TestGraph } from './helpers/graph.js';
import { feed, listening, wsClient } from './helpers/ws.js';

const ctx = seedContext(TEST_TODAY);
const zhenjiang = Array.from({ length: TEST_CUSTOMERS }, (_, i) => generateCustomer(i, ctx)).filter((c) => c.cityCode === 'zhenjiang');
/**
 * Customers with ARPU ≥ 120 may be offered 全球通; QQT588 needs an approved declaration (APPR-QQT-TOP),
 * which the default rules approve at once for HIGH_VALUE customers of ten years and more.
 */
const qqtCandidates = zhenjiang.filter((c) => c.arpuCents >= 12000 && !c.holdings.some((h) => h.packageCode?.startsWith('QQT')));
const autoApproved = (c: (typeof zhenjiang)[number]) => c.segment === 'HIGH_VALUE' && tenureMonths(c.joinedOn, TEST_TODAY) >= 120;
const premium = qqtCandidates.filter((c) => !autoApproved(c));
const loyal = qqtCandidates.filter(autoApproved);
const rows = seedCatalogRows(TEST_TODAY);
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
let keys = 0;
const key = () => `k-${Date.now()}-${++keys}`;

describe.each(BACKENDS)('handling an offer through the gateway on $name', (backend) => {
  let graph: TestGraph;
  let clerk: string;
  let marketing: string;
  const simulator = new CrmSimulator({ latencyMs: 5, failureRate: 0, timeoutMs: 2000 });
  /** What reached the CRM, as the provincial system would receive it. */
  const submitted: CrmOrder[] = [];
  const crm: CrmPort = {
    submitOrder: (order) => {
      submitted.push(order);
      return simulator.submitOrder(order);
    },
    orderStatus: (n) => simulator.orderStatus(n),
  };

  beforeAll(async () => {
    graph = await startTestGraph(backend, { crm });
    clerk = await graph.token('clerk');
    marketing = await graph.token('marketing');
  });
  afterAll(async () => {
    await graph?.teardown();
  });

  const view = async (id: string) => (await graph.request(HandlingSessionViewDocument, { id }, clerk)).body.data!.handlingSession!;
  const ok = <T>(r: { body: { data?: T | null; errors?: unknown[] } }): T => {
    expect(r.body.errors).toBeUndefined();
    return r.body.data!;
  };
  const step = (s: SessionViewFragment) => ({ sessionId: s.id, version: s.version, idempotencyKey: key() });
  /** These tests serve the seeded customers again and again: a repeat of the same package the same day is confirmed on purpose. */
  const again = (s: SessionViewFragment) => ({ ...step(s), confirmRepeat: true });

  /** A card with a promotion tier and a gift in stock, for a customer who needs no approval. */
  async function cardWithGift(dearerTier = false) {
    for (const c of zhenjiang) {
      const { body } = await graph.request(RecommendationsDocument, { msisdn: c.msisdn, scenario: 'COUNTER', limit: 3 }, clerk);
      const card = body.data?.customer?.recommendations?.find(
        (r) =>
          r.promotion &&
          r.promotion.gifts.length > 0 &&
          !r.requiresApproval &&
          r.package.family !== 'DATA_ADDON' &&
          (!dearerTier || rows.tiers.some((t) => t.batch_code === r.promotion!.batchCode && t.min_monthly_fee_cents > r.package.monthlyFee * 100)),
      );
      if (card) return { customer: c, card };
    }
    throw new Error('no card with a gift');
  }

  /** Prices, forms and signs a session; returns it SIGNED. */
  async function toSigned(s: SessionViewFragment): Promise<SessionViewFragment> {
    s = ok(await graph.request(PriceCartDocument, { input: step(s) }, clerk)).priceCart;
    s = ok(await graph.request(GenerateFormDocument, { input: step(s) }, clerk)).generateForm;
    return ok(await graph.request(SignFormDocument, { input: { ...step(s), formHash: s.form!.hash, format: 'PNG', data: PNG } }, clerk)).signForm;
  }

  it('starts from a card, keeps it, prices from the catalogue, forms, signs, submits once, and counts the order for the card', async () => {
    const { customer, card } = await cardWithGift();
    // The front end shows the card first: that is what conversion counts from.
    ok(await graph.request(RecordOutcomeDocument, { input: { cardId: card.id, outcome: 'SHOWN' } }, clerk));
    let s = ok(await graph.request(StartHandlingDocument, { input: { idempotencyKey: key(), cardId: card.id } }, clerk)).startHandling;
    expect(s).toMatchObject({
      status: 'DRAFT',
      customer: { id: customer.id },
      card: { cardId: card.id, packageCode: card.package.code, tierCode: card.promotion!.tier.code },
    });
    expect(s.cart).toMatchObject({ package: { code: card.package.code }, promotion: { tierCode: card.promotion!.tier.code } });
    expect(s.cart.promotion!.gifts.map((g) => g.code)).toEqual(card.handleInput.giftCodes);
    // The screen keeps what the card said to the customer, not the titles of the rules behind it.
    expect(s.card!.summary).toBe(card.reasons.map((r) => r.text).join('；'));

    s = ok(await graph.request(PriceCartDocument, { input: step(s) }, clerk)).priceCart;
    const pkg = rows.packages.find((p) => p.code === card.package.code)!;
    const tier = rows.tiers.find((t) => t.code === card.promotion!.tier.code)!;
    const fees = rows.fees.filter((f) => f.tier_code === tier.code);
    const sum = (kind: string) => fees.filter((f) => f.kind === kind).reduce((n, f) => n + f.amount_cents, 0) / 100;
    expect(s.status).toBe('PRICED');
    expect(s.prices).toMatchObject({
      monthlyFee: Math.max(0, (pkg.monthly_fee_cents - tier.monthly_discount_cents) / 100),
      monthlyDiscount: tier.monthly_discount_cents / 100,
      prepayment: sum('PREPAYMENT'),
      deposit: sum('DEPOSIT'),
      oneTime: sum('ONE_TIME'),
      dueToday: sum('PREPAYMENT') + sum('DEPOSIT') + sum('ONE_TIME'),
    });
    s = ok(await graph.request(GenerateFormDocument, { input: step(s) }, clerk)).generateForm;
    expect(s.status).toBe('FORM_GENERATED');
    expect(s.form!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(s.form!.html).toContain(pkg.name);
    expect(JSON.parse(s.form!.content).prices.dueToday).toBe(s.prices!.dueToday);
    s = ok(await graph.request(SignFormDocument, { input: { ...step(s), formHash: s.form!.hash, format: 'PNG', data: PNG } }, clerk)).signForm;
    expect(s.signature).toMatchObject({ format: 'PNG', formHash: s.form!.hash, valid: true });
    const submitted = ok(await graph.request(SubmitHandlingDocument, { input: step(s) }, clerk)).submitHandling;
    expect(submitted).toMatchObject({ status: 'COMPLETED', card: { cardId: card.id }, order: { status: 'COMPLETED', cardId: card.id } });
    expect(submitted.order!.crmOrderId).toMatch(/^CRM/);
    // The card is kept to the end, and the order feeds 推荐办理率 for it.
    expect((await view(s.id)).card?.cardId).toBe(card.id);
    // The order reaches the catalog by the bus: counted shortly after it completes.
    await vi.waitFor(
      async () => {
        const { body } = await graph.request(ConversionDocument, { from: TEST_TODAY, to: TEST_TODAY, by: 'PACKAGE' }, marketing);
        expect(body.data?.recommendationConversion.find((r) => r.key === card.package.code)?.ordered ?? 0).toBe(1);
      },
      { timeout: 5000, interval: 20 },
    );
    // The CRM reports what the order changed and customer insight applies it from the bus: the
    // next picture holds the new plan and promotion from today, and no card offers the plan again.
    const base = ['FIVE_G', 'FAMILY', 'YOUTH', 'BASIC'].includes(card.package.family);
    await vi.waitFor(
      async () => {
        const c = ok(await graph.request(CustomerInsightDocument, { msisdn: customer.msisdn }, clerk)).customer!;
        expect(c.holdings.filter((h) => h.package?.code === card.package.code)).toEqual([
          expect.objectContaining({ kind: 'PACKAGE', startDate: TEST_TODAY, endDate: null, expiryLabel: 'GREEN' }),
        ]);
        expect(c.holdings.filter((h) => h.kind === 'PROMOTION' && h.startDate === TEST_TODAY)).toEqual([
          expect.objectContaining({ name: `${card.promotion!.promotionName}·${card.promotion!.tier.name}` }),
        ]);
        if (base) {
          expect(c.currentPackage?.code).toBe(card.package.code);
          // The plan it replaced ended yesterday: it is no longer held.
          const before = customer.holdings.find(
            (h) => h.kind === 'PACKAGE' && h.packageCode === customer.currentPackageCode && h.packageCode !== card.package.code,
          );
          if (before) expect(c.holdings.some((h) => h.package?.code === before.packageCode)).toBe(false);
        }
      },
      { timeout: 5000, interval: 20 },
    );
    const next = ok(await graph.request(RecommendationsDocument, { msisdn: customer.msisdn, scenario: 'COUNTER', limit: 20 }, clerk));
    expect((next.customer?.recommendations ?? []).map((r) => r.package.code)).not.toContain(card.package.code);
  });

  it('refuses a second order of the same package for the same customer on the same day unless the clerk confirms it', async () => {
    const { card } = await cardWithGift();
    const first = ok(await graph.request(StartHandlingDocument, { input: { idempotencyKey: key(), cardId: card.id } }, clerk)).startHandling;
    const done = ok(await graph.request(SubmitHandlingDocument, { input: again(await toSigned(first)) }, clerk)).submitHandling;
    expect(done.status).toBe('COMPLETED');
    // The same card again, later that day: a double entry until the clerk says otherwise.
    const started = ok(await graph.request(StartHandlingDocument, { input: { idempotencyKey: key(), cardId: card.id } }, clerk)).startHandling;
    // Nor does the double entry hold a second gift: the clerk picks one on purpose if it is meant.
    expect(started.cart.promotion).toMatchObject({ tierCode: card.promotion!.tier.code, gifts: [] });
    const second = await toSigned(started);
    const refused = await graph.request(SubmitHandlingDocument, { input: step(second) }, clerk);
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'REPEAT_ORDER', field: 'input.confirmRepeat', orderNumber: done.order!.orderNumber });
    expect(await view(second.id)).toMatchObject({ status: 'SIGNED', version: second.version, order: null });
    const confirmed = ok(await graph.request(SubmitHandlingDocument, { input: again(second) }, clerk)).submitHandling;
    expect(confirmed).toMatchObject({ status: 'COMPLETED' });
    expect(confirmed.order!.orderNumber).not.toBe(done.order!.orderNumber);
  });

  it('refuses bad steps with their own codes and leaves the session exactly as it was', async () => {
    const { card } = await cardWithGift(true);
    let s = ok(await graph.request(StartHandlingDocument, { input: { idempotencyKey: key(), cardId: card.id } }, clerk)).startHandling;
    const unchanged = async (code: string, r: Promise<{ body: { errors?: { extensions?: Record<string, unknown> }[] } }>) => {
      const before = await view(s.id);
      expect((await r).body.errors?.[0].extensions?.code).toBe(code);
      expect(await view(s.id)).toEqual(before);
    };
    await unchanged('NOT_FOUND', graph.request(PriceCartDocument, { input: { ...step(s), sessionId: 'HSnope' } }, clerk));
    await unchanged('CONFLICT', graph.request(PriceCartDocument, { input: { ...step(s), version: s.version - 1 } }, clerk));
    expect((await graph.request(PriceCartDocument, { input: { ...step(s), version: s.version - 1 } }, clerk)).body.errors?.[0].extensions).toMatchObject({
      reason: 'STALE_VERSION',
      currentVersion: s.version,
    });
    await unchanged('FORM_NOT_SIGNED', graph.request(SubmitHandlingDocument, { input: step(s) }, clerk));
    await unchanged('ILLEGAL_STATE', graph.request(GenerateFormDocument, { input: step(s) }, clerk));
    // A tier asking more than the package's fee; a gift out of stock.
    const pkgFee = rows.packages.find((p) => p.code === card.package.code)!.monthly_fee_cents;
    const dearTier = rows.tiers.find((t) => t.batch_code === card.promotion!.batchCode && t.min_monthly_fee_cents > pkgFee)!;
    await unchanged(
      'NOT_ELIGIBLE',
      graph.request(
        ChoosePromotionTierDocument,
        { input: { ...step(s), promotionCode: card.promotion!.promotionCode, batchCode: card.promotion!.batchCode, tierCode: dearTier.code } },
        clerk,
      ),
    );
    // Every one of a gift handed out already (the orders ledger says so): the next is out of stock.
    const [gone, anyGift] = rows.gifts
      .filter((g) => g.tier_code === card.promotion!.tier.code && g.stock > 0 && !s.cart.promotion!.gifts.some((x) => x.code === g.code))
      .concat(rows.gifts.filter((g) => s.cart.promotion!.gifts.some((x) => x.code === g.code)));
    await graph.databases
      .get('orders')!
      .query(`INSERT INTO orders.gift_ledger (gift_code, consumed) VALUES ($1, $2) ON CONFLICT (gift_code) DO UPDATE SET consumed = $2`, [
        gone.code,
        gone.stock,
      ]);
    await unchanged('OUT_OF_STOCK', graph.request(ChooseGiftsDocument, { input: { ...step(s), giftCodes: [gone.code] } }, clerk));
    await unchanged('NOT_FOUND', graph.request(ChooseGiftsDocument, { input: { ...step(s), giftCodes: ['NO-SUCH-GIFT'] } }, clerk));

    // Idempotent: the same key and request returns the first result and changes nothing twice.
    const again = { ...step(s), giftCodes: [anyGift.code] };
    const first = ok(await graph.request(ChooseGiftsDocument, { input: again }, clerk)).chooseGifts;
    const second = ok(await graph.request(ChooseGiftsDocument, { input: again }, clerk)).chooseGifts;
    expect(second).toEqual(first);
    expect((await view(s.id)).version).toBe(first.version);
    expect((await graph.request(ChooseGiftsDocument, { input: { ...again, giftCodes: [] } }, clerk)).body.errors?.[0].extensions?.code).toBe(
      'IDEMPOTENCY_KEY_REUSED',
    );

    s = first;
    s = ok(await graph.request(PriceCartDocument, { input: step(s) }, clerk)).priceCart;
    s = ok(await graph.request(GenerateFormDocument, { input: step(s) }, clerk)).generateForm;
    await unchanged('SIGNATURE_EMPTY', graph.request(SignFormDocument, { input: { ...step(s), formHash: s.form!.hash, format: 'PNG', data: '' } }, clerk));
    await unchanged(
      'SIGNATURE_EMPTY',
      graph.request(SignFormDocument, { input: { ...step(s), formHash: s.form!.hash, format: 'STROKES', data: '[[[1,2,0]]]' } }, clerk),
    );
    await unchanged(
      'SIGNATURE_TOO_LARGE',
      graph.request(SignFormDocument, { input: { ...step(s), formHash: s.form!.hash, format: 'PNG', data: 'A'.repeat(400 * 1024) } }, clerk),
    );
    await unchanged(
      'SIGNATURE_INVALID',
      graph.request(SignFormDocument, { input: { ...step(s), formHash: s.form!.hash, format: 'PNG', data: 'bm90IGEgcG5n' } }, clerk),
    );
    await unchanged('FORM_CHANGED', graph.request(SignFormDocument, { input: { ...step(s), formHash: '0'.repeat(64), format: 'PNG', data: PNG } }, clerk));
    const strokes = JSON.stringify([Array.from({ length: 12 }, (_, i) => [i * 3, 10 + (i % 4), i * 16])]);
    s = ok(await graph.request(SignFormDocument, { input: { ...step(s), formHash: s.form!.hash, format: 'STROKES', data: strokes } }, clerk)).signForm;
    expect(s.status).toBe('SIGNED');
    // A change after signing voids the signature: what was signed is no longer what is sold.
    s = ok(await graph.request(ChooseGiftsDocument, { input: { ...step(s), giftCodes: [] } }, clerk)).chooseGifts;
    expect(s).toMatchObject({ status: 'DRAFT', prices: null, form: null, signature: { valid: false } });
  });

  it('keeps the cart intact on a CRM failure, and a retry makes exactly one order even when fired many times at once', async () => {
    const { card } = await cardWithGift();
    let s = ok(await graph.request(StartHandlingDocument, { input: { idempotencyKey: key(), cardId: card.id } }, clerk)).startHandling;
    s = await toSigned(s);
    simulator.down = true;
    const failed = ok(await graph.request(SubmitHandlingDocument, { input: again(s) }, clerk)).submitHandling;
    simulator.down = false;
    expect(failed).toMatchObject({ status: 'FAILED', order: { status: 'FAILED' } });
    expect(failed.failureReason).toMatch(/CRM_UNAVAILABLE/);
    expect(failed.cart).toEqual(s.cart);
    const burst = await Promise.all(Array.from({ length: 12 }, () => graph.request(SubmitHandlingDocument, { input: again(failed) }, clerk)));
    const outcomes = burst.map((r) => r.body.data?.submitHandling?.status ?? r.body.errors?.[0].extensions?.code);
    expect(outcomes.every((o) => o === 'COMPLETED' || o === 'SUBMITTED' || o === 'CONFLICT')).toBe(true);
    expect(outcomes).toContain('COMPLETED');
    const db = graph.databases.get('orders')!;
    const orders = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM orders.customer_order WHERE session_id = $1`, [s.id]);
    expect(orders[0].n).toBe(1);
    const final = await view(s.id);
    expect(final).toMatchObject({ status: 'COMPLETED', order: { status: 'COMPLETED' } });
  });

  it('parks an offer that needs approval, tells the clerk live when a reviewer decides, and lets the customer confirm remotely', async () => {
    const customer = premium[0];
    let s = ok(await graph.request(StartHandlingDocument, { input: { idempotencyKey: key(), customerId: customer.id } }, clerk)).startHandling;
    s = ok(await graph.request(SetCartPackageDocument, { input: { ...step(s), packageCode: 'QQT588' } }, clerk)).setCartPackage;
    s = await toSigned(s);
    expect(s.requiresApproval).toBe(true);
    const refused = await graph.request(SubmitHandlingDocument, { input: step(s) }, clerk);
    expect(refused.body.errors?.[0].extensions?.code).toBe('APPROVAL_REQUIRED');
    expect((await view(s.id)).status).toBe('AWAITING_APPROVAL');

    const client = wsClient(graph.url, clerk);
    const reviewers = wsClient(graph.url, marketing);
    try {
      const decisions = await listening(graph.gateway, () =>
        feed(client, 'subscription { declarationDecisions { id status declaration { id status decidedBy decisionReason } } }'),
      );
      // The city's reviewers hear of each new declaration; a clerk may not listen to the queue.
      const filed = await listening(graph.gateway, () =>
        feed(reviewers, 'subscription { declarationsFiled { id status declaration { id packageCode declaredBy } } }'),
      );
      const notMine = feed(client, 'subscription { declarationsFiled { id } }');
      expect((await notMine.next()).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const d = ok(
        await graph.request(DeclareTargetUserDocument, { input: { sessionId: s.id, idempotencyKey: key(), reason: '高价值客户，愿意升级全球通' } }, clerk),
      ).declareTargetUser;
      expect((await filed.next()).data!.declarationsFiled).toMatchObject({ status: 'PENDING', declaration: { id: d.id, packageCode: 'QQT588' } });
      expect(d).toMatchObject({ status: 'PENDING', autoApprovedBy: null, overdue: false });
      const queue = ok(await graph.request(DeclarationQueueDocument, {}, marketing)).declarationQueue;
      expect(queue.find((x) => x.id === d.id)).toMatchObject({ status: 'PENDING', overdue: false });
      // Left pending past the SLA (60 minutes in tests), it is flagged in the reviewers' queue.
      await graph.databases.get('orders')!.query(`UPDATE orders.declaration SET declared_at = declared_at - interval '61 minutes' WHERE id = $1`, [d.id]);
      expect(ok(await graph.request(DeclarationQueueDocument, {}, marketing)).declarationQueue.find((x) => x.id === d.id)).toMatchObject({ overdue: true });
      expect(
        (await graph.request(DecideDeclarationDocument, { input: { declarationId: d.id, approve: true, reason: '自批' } }, clerk)).body.errors?.[0].extensions
          ?.code,
      ).toBe('FORBIDDEN');
      const otherCity = await graph.token('marketing', 'nanjing');
      expect(
        (await graph.request(DecideDeclarationDocument, { input: { declarationId: d.id, approve: true, reason: '越权' } }, otherCity)).body.errors?.[0]
          .extensions?.code,
      ).toBe('NOT_FOUND');
      const decided = ok(
        await graph.request(DecideDeclarationDocument, { input: { declarationId: d.id, approve: true, reason: '符合高端客户政策' } }, marketing),
      ).decideDeclaration;
      expect(decided).toMatchObject({ status: 'APPROVED', decidedBy: 'zhenjiang-s099' });
      expect(decided.audit.map((a) => a.action)).toEqual(['DECLARED', 'APPROVED']);
      const event = (await decisions.next()).data!.declarationDecisions;
      expect(event).toMatchObject({ status: 'APPROVED', declaration: { id: d.id, status: 'APPROVED', decisionReason: '符合高端客户政策' } });
    } finally {
      client.dispose();
      reviewers.dispose();
    }
    const parked = await view(s.id);
    expect(parked.remoteConfirmation).toMatchObject({ link: expect.stringMatching(/^https:\/\/test\.invalid\/confirm\//), attemptsLeft: 5, confirmedAt: null });
    const token = parked.remoteConfirmation!.link.split('/').pop()!;
    // The code went by SMS to the customer's own number; ops read the simulator's outbox, masked.
    const outbox = ok(await graph.request(SmsOutboxDocument, {}, await graph.token('ops'))).smsOutbox;
    const sms = outbox.find((m) => m.text.includes(token))!;
    expect(sms).toMatchObject({ purpose: 'REMOTE_CONFIRMATION', to: `${customer.msisdn.slice(0, 3)}****${customer.msisdn.slice(7)}` });
    const code = /确认码 (\d{6})/.exec(sms.text)![1];
    // Nowhere a clerk can read is the code written down.
    const audit = await graph.databases
      .get('orders')!
      .query<{ detail: string | null }>(`SELECT detail FROM orders.audit_log WHERE subject = $1`, [`session:${s.id}`]);
    expect(audit.some((a) => a.detail?.includes(code))).toBe(false);
    // The clerk cannot skip the customer: submitting the parked, approved session is refused.
    expect((await graph.request(SubmitHandlingDocument, { input: step(parked) }, clerk)).body.errors?.[0].extensions?.code).toBe('CONFIRMATION_REQUIRED');

    // The customer's page: the form, and a place for the code; no staff token anywhere.
    const base = graph.url.replace(/\/graphql$/, '');
    const pageRes = await fetch(`${base}/confirm/${token}`);
    expect(pageRes.status).toBe(200);
    expect(pageRes.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await pageRes.text();
    expect(html).toContain('确认办理');
    expect(html).toContain('业务受理单');
    const confirm = (typed: string) =>
      fetch(`${base}/confirm/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ code: typed }).toString(),
      });
    const wrong = await confirm(code === '000000' ? '111111' : '000000');
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('确认码不正确');
    expect((await view(s.id)).remoteConfirmation?.attemptsLeft).toBe(4);
    // The clerk's screen listens for what happens to their sessions meanwhile.
    const updates = wsClient(graph.url, clerk);
    try {
      const changes = await listening(graph.gateway, () =>
        feed(updates, 'subscription { handlingUpdates { id status session { id status order { status } } } }'),
      );
      // Typed on a Chinese input method (full-width digits), the right code is the right code.
      const right = await confirm(code.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)));
      expect(right.status).toBe(200);
      expect(await right.text()).toContain('已确认');
      expect(await view(s.id)).toMatchObject({ status: 'COMPLETED', order: { status: 'COMPLETED' } });
      // … and hears it live: the customer's confirmation completed the order.
      expect((await changes.next()).data!.handlingUpdates).toMatchObject({
        status: 'COMPLETED',
        session: { id: s.id, status: 'COMPLETED', order: { status: 'COMPLETED' } },
      });
    } finally {
      updates.dispose();
    }
    // The link has done its work: it says so, and a second confirmation changes nothing.
    expect(await (await fetch(`${base}/confirm/${token}`)).text()).toContain('已确认');
  });

  it('lets a customer back at the counter confirm a parked, approved offer by signing again', async () => {
    const customer = premium[2];
    let s = ok(await graph.request(StartHandlingDocument, { input: { idempotencyKey: key(), customerId: customer.id } }, clerk)).startHandling;
    s = ok(await graph.request(SetCartPackageDocument, { input: { ...step(s), packageCode: 'QQT588' } }, clerk)).setCartPackage;
    s = await toSigned(s);
    expect((await graph.request(SubmitHandlingDocument, { input: step(s) }, clerk)).body.errors?.[0].extensions?.code).toBe('APPROVAL_REQUIRED');
    const d = ok(
      await graph.request(DeclareTargetUserDocument, { input: { sessionId: s.id, idempotencyKey: key(), reason: '客户回厅办理' } }, clerk),
    ).declareTargetUser;
    ok(await graph.request(DecideDeclarationDocument, { input: { declarationId: d.id, approve: true, reason: '符合政策' } }, marketing));
    let parked = await view(s.id);
    expect((await graph.request(SubmitHandlingDocument, { input: step(parked) }, clerk)).body.errors?.[0].extensions?.code).toBe('CONFIRMATION_REQUIRED');
    parked = ok(await graph.request(SignFormDocument, { input: { ...step(parked), formHash: parked.form!.hash, format: 'PNG', data: PNG } }, clerk)).signForm;
    expect(parked.status).toBe('SIGNED');
    expect(ok(await graph.request(SubmitHandlingDocument, { input: again(parked) }, clerk)).submitHandling).toMatchObject({ status: 'COMPLETED' });
  });

  it('approves at once a customer on a pre-approved target list, audited as such', async () => {
    const customer = premium[1];
    const list = ok(
      await graph.request(UploadTargetListDocument, { input: { name: '12月全球通升级名单', msisdns: [customer.msisdn], packageCodes: ['QQT588'] } }, marketing),
    ).uploadTargetList;
    expect(list).toMatchObject({ size: 1, packageCodes: ['QQT588'] });
    expect((await graph.request(UploadTargetListDocument, { input: { name: 'x', msisdns: [customer.msisdn] } }, clerk)).body.errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    let s = ok(await graph.request(StartHandlingDocument, { input: { idempotencyKey: key(), customerId: customer.id } }, clerk)).startHandling;
    s = ok(await graph.request(SetCartPackageDocument, { input: { ...step(s), packageCode: 'QQT588' } }, clerk)).setCartPackage;
    s = await toSigned(s);
    const d = ok(
      await graph.request(DeclareTargetUserDocument, { input: { sessionId: s.id, idempotencyKey: key(), reason: '名单客户' } }, clerk),
    ).declareTargetUser;
    expect(d).toMatchObject({ status: 'APPROVED', autoApprovedBy: `list:${list.id}` });
    expect(d.audit.map((a) => [a.actor, a.action])).toEqual([
      ['zhenjiang-s002', 'DECLARED'],
      ['auto', 'APPROVED'],
    ]);
    const done = ok(await graph.request(SubmitHandlingDocument, { input: again(await view(s.id)) }, clerk)).submitHandling;
    expect(done.status).toBe('COMPLETED');
  });

  it('approves at once a declaration an auto-approval rule covers, citing the rule and its version', async () => {
    expect(loyal.length).toBeGreaterThan(0);
    let s = ok(await graph.request(StartHandlingDocument, { input: { idempotencyKey: key(), customerId: loyal[0].id } }, clerk)).startHandling;
    s = ok(await graph.request(SetCartPackageDocument, { input: { ...step(s), packageCode: 'QQT588' } }, clerk)).setCartPackage;
    s = await toSigned(s);
    expect(s.requiresApproval).toBe(true);
    const d = ok(
      await graph.request(DeclareTargetUserDocument, { input: { sessionId: s.id, idempotencyKey: key(), reason: '老客户升级' } }, clerk),
    ).declareTargetUser;
    expect(d).toMatchObject({ status: 'APPROVED', autoApprovedBy: 'rule:APPR-QQT-TOP' });
    expect(d.audit.map((a) => [a.actor, a.action])).toEqual([
      ['zhenjiang-s002', 'DECLARED'],
      ['auto', 'APPROVED'],
    ]);
    expect(d.audit[1].detail).toMatch(/^自动审批规则 APPR-QQT-TOP（规则集 v\d+）$/);
    // The other customers of the same offer still wait for a reviewer.
    let other = ok(await graph.request(StartHandlingDocument, { input: { idempotencyKey: key(), customerId: premium[2].id } }, clerk)).startHandling;
    other = ok(await graph.request(SetCartPackageDocument, { input: { ...step(other), packageCode: 'QQT588' } }, clerk)).setCartPackage;
    other = await toSigned(other);
    const pending = ok(
      await graph.request(DeclareTargetUserDocument, { input: { sessionId: other.id, idempotencyKey: key(), reason: '升级意愿强' } }, clerk),
    ).declareTargetUser;
    expect(pending).toMatchObject({ status: 'PENDING', autoApprovedBy: null });
  });

  it('handles add-on packages with the plan: priced from the catalogue, on the form, sent to the CRM; plans and repeats refused', async () => {
    const { card } = await cardWithGift();
    let s = ok(await graph.request(StartHandlingDocument, { input: { idempotencyKey: key(), cardId: card.id } }, clerk)).startHandling;
    const addOns = rows.packages.filter(
      (p) =>
        ['DATA_ADDON', 'VOICE_ADDON', 'RIGHTS'].includes(p.family) &&
        p.status === 'ONLINE' &&
        p.cities.includes('zhenjiang') &&
        p.valid_from <= TEST_TODAY &&
        (p.valid_to ?? '9999-12-31') >= TEST_TODAY,
    );
    const added: typeof addOns = [];
    for (const p of addOns) {
      const r = await graph.request(AddCartAddOnDocument, { input: { ...step(s), packageCode: p.code } }, clerk);
      if (r.body.errors?.[0].extensions?.code === 'NOT_ELIGIBLE') continue; // a rule keeps this one from this customer
      if (r.body.errors) throw new Error(`${p.code}: ${JSON.stringify(r.body.errors)}`);
      s = ok(r).addCartAddOn;
      added.push(p);
      if (added.length === 2) break;
    }
    expect(added.length).toBe(2);
    expect(s.cart.addOns.map((a) => a.package.code)).toEqual(added.map((p) => p.code));
    const unchanged = async (code: string, request: Promise<{ body: { errors?: { extensions?: Record<string, unknown> }[] } }>) => {
      const before = await view(s.id);
      expect((await request).body.errors?.[0].extensions?.code).toBe(code);
      expect(await view(s.id)).toEqual(before);
    };
    await unchanged('CONFLICT', graph.request(AddCartAddOnDocument, { input: { ...step(s), packageCode: added[0].code } }, clerk));
    await unchanged('BAD_USER_INPUT', graph.request(AddCartAddOnDocument, { input: { ...step(s), packageCode: card.package.code } }, clerk));
    await unchanged('NOT_FOUND', graph.request(RemoveCartAddOnDocument, { input: { ...step(s), packageCode: 'NO-SUCH-ADDON' } }, clerk));
    s = ok(await graph.request(RemoveCartAddOnDocument, { input: { ...step(s), packageCode: added[1].code } }, clerk)).removeCartAddOn;
    expect(s.cart.addOns.map((a) => a.package.code)).toEqual([added[0].code]);

    s = ok(await graph.request(PriceCartDocument, { input: step(s) }, clerk)).priceCart;
    const pkg = rows.packages.find((p) => p.code === card.package.code)!;
    const tier = rows.tiers.find((t) => t.code === card.promotion!.tier.code)!;
    expect(s.prices!.monthlyFee).toBeCloseTo(Math.max(0, (pkg.monthly_fee_cents - tier.monthly_discount_cents) / 100) + added[0].monthly_fee_cents / 100, 2);
    s = ok(await graph.request(GenerateFormDocument, { input: step(s) }, clerk)).generateForm;
    expect((JSON.parse(s.form!.content) as { addOns: { code: string }[] }).addOns.map((a) => a.code)).toEqual([added[0].code]);
    expect(s.form!.html).toContain(added[0].name);
    s = ok(await graph.request(SignFormDocument, { input: { ...step(s), formHash: s.form!.hash, format: 'PNG', data: PNG } }, clerk)).signForm;
    s = ok(await graph.request(SubmitHandlingDocument, { input: again(s) }, clerk)).submitHandling;
    expect(s.status).toBe('COMPLETED');
    expect(submitted.find((o) => o.formHash === s.form!.hash)).toMatchObject({
      packageCode: card.package.code,
      addOns: [expect.objectContaining({ code: added[0].code, name: added[0].name })],
    });
  });
});
