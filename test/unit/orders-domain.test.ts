import { describe, expect, it } from 'vitest';
import { price, type OfferContext } from '../../subgraphs/orders/domain/cart.js';
import { attemptsLeft, MAX_CONFIRMATION_ATTEMPTS } from '../../subgraphs/orders/domain/confirmation.js';
import { checkSignature, MAX_SIGNATURE_BYTES } from '../../subgraphs/orders/domain/signature.js';
import { canDo, isBeforeSigning, isSubmitted, type HandlingStatus, type Step } from '../../subgraphs/orders/domain/states.js';

const ALL: HandlingStatus[] = ['DRAFT', 'PRICED', 'FORM_GENERATED', 'SIGNED', 'AWAITING_APPROVAL', 'SUBMITTED', 'COMPLETED', 'FAILED', 'CANCELLED'];

describe('the handling states', () => {
  // Which status each step may start from; everything else is ILLEGAL_STATE.
  const table: [Step, HandlingStatus[]][] = [
    ['editCart', ['DRAFT', 'PRICED', 'FORM_GENERATED', 'SIGNED', 'AWAITING_APPROVAL', 'FAILED']],
    ['price', ['DRAFT', 'PRICED']],
    ['generateForm', ['PRICED', 'FORM_GENERATED']],
    ['sign', ['FORM_GENERATED', 'AWAITING_APPROVAL']],
    ['submit', ['SIGNED', 'AWAITING_APPROVAL', 'FAILED']],
    ['cancel', ['DRAFT', 'PRICED', 'FORM_GENERATED', 'SIGNED', 'AWAITING_APPROVAL', 'FAILED']],
    ['declare', ['DRAFT', 'PRICED', 'FORM_GENERATED', 'SIGNED', 'AWAITING_APPROVAL']],
    ['confirm', ['SIGNED', 'AWAITING_APPROVAL']],
  ];
  it.each(table)('%s starts only from %j', (step, allowed) => {
    expect(ALL.filter((s) => canDo(step, s))).toEqual(allowed);
  });

  it('ends: nothing starts from SUBMITTED, COMPLETED or CANCELLED', () => {
    for (const [step] of table) for (const s of ['SUBMITTED', 'COMPLETED', 'CANCELLED'] as const) expect(canDo(step, s)).toBe(false);
  });

  it.each(ALL.map((s) => [s, ['SUBMITTED', 'COMPLETED'].includes(s), ['DRAFT', 'PRICED', 'FORM_GENERATED'].includes(s)] as const))(
    '%s: submitted %s, before signing %s',
    (s, submitted, unsigned) => {
      expect(isSubmitted(s)).toBe(submitted);
      expect(isBeforeSigning(s)).toBe(unsigned);
    },
  );
});

const offer = (o: Partial<OfferContext> = {}): OfferContext => ({
  customer: { id: 'C1', name: '王芳', msisdn: '13912345678', city: 'zhenjiang' },
  check: { allowed: true, requiresApproval: false, approvalRuleIds: [], autoApprovalRuleIds: [], ruleSetVersion: 1, problems: [], currentMonthlyFee: 58 },
  package: { code: 'P128', name: '5G畅享128', family: 'FIVE_G', monthlyFee: 128, contractMonths: 0, dataGb: 30, voiceMinutes: 500, description: '' },
  tier: null,
  promotionName: null,
  ...o,
});
const tier = (t: Partial<NonNullable<OfferContext['tier']>> = {}): NonNullable<OfferContext['tier']> => ({
  code: 'T1',
  name: '档一',
  minMonthlyFee: 128,
  contractMonths: 12,
  monthlyDiscount: 20,
  giftChoices: 1,
  fees: [],
  gifts: [],
  ...t,
});
const AT = new Date('2026-11-24T02:00:00Z');

describe('pricing a cart', () => {
  it.each([
    ['the plan alone', offer(), [], { monthlyFee: 128, monthlyFeeChange: 70, dueToday: 0, contractMonths: 0 }],
    ['a tier discount and its contract', offer({ tier: tier() }), [], { monthlyFee: 108, monthlyDiscount: 20, contractMonths: 12 }],
    ['a discount larger than the fee never goes below zero', offer({ tier: tier({ monthlyDiscount: 500 }) }), [], { monthlyFee: 0 }],
    [
      'one-off fees by kind, all due today',
      offer({
        tier: tier({
          fees: [
            { kind: 'PREPAYMENT', amount: 300 },
            { kind: 'DEPOSIT', amount: 100.5 },
            { kind: 'ONE_TIME', amount: 9.9 },
            { kind: 'ONE_TIME', amount: 0.1 },
          ],
        }),
      }),
      [],
      { prepayment: 300, deposit: 100.5, oneTime: 10, dueToday: 410.5 },
    ],
    ['add-ons at their current fee', offer(), [{ code: 'D10', name: '流量包', monthlyFee: 10.01 }], { monthlyFee: 138.01, monthlyFeeChange: 80.01 }],
    [
      'the longer of the plan’s and the tier’s contract',
      offer({ package: { ...offer().package!, contractMonths: 24 }, tier: tier() }),
      [],
      { contractMonths: 24 },
    ],
  ] as const)('%s', (_what, ctx, addOns, expected) => {
    expect(price(ctx, AT, addOns)).toMatchObject({ ...expected, pricedAt: AT.toISOString() });
  });
});

const PNG_HEADER = Buffer.from('89504e470d0a1a0a', 'hex');
const png = (bytes: number) => Buffer.concat([PNG_HEADER, Buffer.alloc(bytes - 8)]).toString('base64');
const strokes = (points: number) => JSON.stringify([Array.from({ length: points }, (_, i) => [i, i * 2, i * 10])]);

describe('a customer’s e-signature', () => {
  it.each([
    ['PNG', png(1024), { ok: true, bytes: 1024 }],
    ['PNG', `data:image/png;base64,${png(100)}`, { ok: true, bytes: 100 }],
    ['PNG', '', { ok: false, code: 'SIGNATURE_EMPTY' }],
    ['PNG', '   ', { ok: false, code: 'SIGNATURE_EMPTY' }],
    ['PNG', 'not base64 ✗', { ok: false, code: 'SIGNATURE_INVALID' }],
    ['PNG', Buffer.alloc(100).toString('base64'), { ok: false, code: 'SIGNATURE_INVALID' }],
    ['PNG', png(MAX_SIGNATURE_BYTES + 1), { ok: false, code: 'SIGNATURE_TOO_LARGE' }],
    ['STROKES', strokes(10), { ok: true }],
    ['STROKES', strokes(9), { ok: false, code: 'SIGNATURE_EMPTY' }],
    ['STROKES', '[[[1,"x"]]]', { ok: false, code: 'SIGNATURE_INVALID' }],
    ['STROKES', '{', { ok: false, code: 'SIGNATURE_INVALID' }],
    ['STROKES', `[${'[[1,2]],'.repeat(MAX_SIGNATURE_BYTES / 8)}[[1,2]]]`, { ok: false, code: 'SIGNATURE_TOO_LARGE' }],
  ] as const)('%s %#: %j', (format, data, expected) => {
    expect(checkSignature(format, data)).toMatchObject(expected);
  });
});

describe('remote confirmation attempts', () => {
  it.each([
    [null, MAX_CONFIRMATION_ATTEMPTS],
    [{ attempts: 0 }, 5],
    [{ attempts: 4 }, 1],
    [{ attempts: 5 }, 0],
    [{ attempts: 9 }, 0],
  ])('%j leaves %i', (confirmation, left) => {
    expect(attemptsLeft(confirmation)).toBe(left);
  });
});
