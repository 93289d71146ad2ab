/** What a cart holds; prices are never stored from a client, only computed from the catalogue. */
export interface Cart {
  packageCode: string | null;
  packageName: string | null;
  /** The plan's family: a base plan replaces the customer's (absent in carts saved before it was kept). */
  packageFamily?: string | null;
  promotion: {
    promotionCode: string;
    promotionName: string;
    batchCode: string;
    tierCode: string;
    tierName: string;
    gifts: { code: string; name: string; value: number }[];
  } | null;
  /** Add-on packages (data, voice, rights) handled with the plan; absent in carts saved before add-ons. */
  addOns?: AddOn[];
}

export interface AddOn {
  code: string;
  name: string;
  /** Monthly fee in yuan, from the catalogue when last checked (priced again at priceCart). */
  monthlyFee: number;
}

export const MAX_ADD_ONS = 5;

export const emptyCart = (): Cart => ({ packageCode: null, packageName: null, packageFamily: null, promotion: null, addOns: [] });
export const addOnsOf = (cart: Cart): AddOn[] => cart.addOns ?? [];

/** The catalogue's answer about one offer, as the order subgraph reads it through the graph. */
export interface OfferContext {
  customer: { id: string; name: string; msisdn: string; city: string } | null;
  check: {
    allowed: boolean;
    requiresApproval: boolean;
    approvalRuleIds: string[];
    autoApprovalRuleIds: string[];
    ruleSetVersion: number;
    problems: { code: string; message: string; ruleId: string | null }[];
    currentMonthlyFee: number;
  } | null;
  package: {
    code: string;
    name: string;
    family: string;
    monthlyFee: number;
    contractMonths: number;
    dataGb: number;
    voiceMinutes: number;
    description: string;
  } | null;
  tier: {
    code: string;
    name: string;
    minMonthlyFee: number;
    contractMonths: number;
    monthlyDiscount: number;
    giftChoices: number;
    fees: { kind: 'PREPAYMENT' | 'DEPOSIT' | 'ONE_TIME'; amount: number }[];
    gifts: { code: string; name: string; value: number; stock: number }[];
  } | null;
  promotionName: string | null;
}

export interface Prices {
  monthlyFee: number;
  /** The plan's own monthly fee before the promotion's discount (absent on carts priced before it was kept). */
  planMonthlyFee?: number;
  monthlyFeeChange: number;
  monthlyDiscount: number;
  oneTime: number;
  deposit: number;
  prepayment: number;
  dueToday: number;
  contractMonths: number;
  pricedAt: string;
}

const yuan = (x: number) => Math.round(x * 100) / 100;

/**
 * Fees from the catalogue's figures: the package's fee less the tier's discount, plus each add-on's
 * monthly fee (as the catalogue has it now), and the tier's one-off fees.
 */
export function price(ctx: OfferContext, at: Date, addOns: readonly AddOn[] = []): Prices {
  const p = ctx.package!;
  const fee = (kind: 'PREPAYMENT' | 'DEPOSIT' | 'ONE_TIME') => ctx.tier?.fees.filter((f) => f.kind === kind).reduce((s, f) => s + f.amount, 0) ?? 0;
  const discount = ctx.tier?.monthlyDiscount ?? 0;
  const monthlyFee = yuan(Math.max(0, p.monthlyFee - discount) + addOns.reduce((s, a) => s + a.monthlyFee, 0));
  const [oneTime, deposit, prepayment] = [fee('ONE_TIME'), fee('DEPOSIT'), fee('PREPAYMENT')];
  return {
    monthlyFee,
    planMonthlyFee: yuan(p.monthlyFee),
    monthlyFeeChange: yuan(monthlyFee - (ctx.check?.currentMonthlyFee ?? 0)),
    monthlyDiscount: yuan(discount),
    oneTime: yuan(oneTime),
    deposit: yuan(deposit),
    prepayment: yuan(prepayment),
    dueToday: yuan(oneTime + deposit + prepayment),
    contractMonths: Math.max(p.contractMonths, ctx.tier?.contractMonths ?? 0),
    pricedAt: at.toISOString(),
  };
}
