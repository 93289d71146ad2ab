import { addDays, addMonths } from '../calendar.js';
import { generatePackages, generatePromotions, type SeedPackage, type SeedPromotion } from './catalog.js';
import { chineseName, idNumber, msisdnFor } from './people.js';
import { rngFor, type Rng } from './rng.js';
import { CITIES, hallsOf, PILOT_CITY, STAFF } from '../org-chart.js';

export type Segment = 'HIGH_VALUE' | 'MID' | 'MASS' | 'YOUTH' | 'SENIOR';
export type HoldingKind = 'PACKAGE' | 'PROMOTION' | 'CONTRACT';

export interface SeedHolding {
  id: string;
  kind: HoldingKind;
  name: string;
  packageCode: string | null;
  promotionCode: string | null;
  tierCode: string | null;
  startDate: string;
  endDate: string | null;
  monthlyFeeCents: number;
}

export interface SeedUsage {
  month: string;
  dataMb: number;
  voiceMinutes: number;
  smsCount: number;
  overageCents: number;
}

export interface SeedCustomer {
  id: string;
  msisdn: string;
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  idNumber: string;
  cityCode: string;
  hallCode: string;
  segment: Segment;
  joinedOn: string;
  arpuCents: number;
  currentPackageCode: string;
  tags: string[];
  usage: SeedUsage[];
  holdings: SeedHolding[];
}

export interface SeedContext {
  seedDate: string;
  packages: SeedPackage[];
  promotions: SeedPromotion[];
  byCode: Map<string, SeedPackage>;
  memo: Map<string, unknown>;
}

const contexts = new Map<string, SeedContext>();

/** The catalogue every subgraph's seed agrees on for one seed date. */
export function seedContext(seedDate: string): SeedContext {
  let ctx = contexts.get(seedDate);
  if (!ctx) {
    const packages = generatePackages(seedDate);
    ctx = { seedDate, packages, promotions: generatePromotions(seedDate), byCode: new Map(packages.map((p) => [p.code, p])), memo: new Map() };
    contexts.set(seedDate, ctx);
  }
  return ctx;
}

export const customerId = (i: number) => `C${String(i + 1).padStart(9, '0')}`;

/**
 * When a dated holding ends, relative to the seed date. Weighted so every expiry label is well
 * represented (and some holdings have already ended, which must not show as current).
 */
function endOffsetDays(rng: Rng): number {
  return rng
    .weighted<[number, number]>(
      [
        [[-120, -1], 10],
        [[0, 31], 25],
        [[32, 92], 25],
        [[93, 720], 40],
      ].map(([range, w]) => [range as [number, number], w as number]),
    )
    .reduce((lo, hi) => rng.int(lo, hi));
}

function pickPlan(rng: Rng, ctx: SeedContext, cityCode: string, age: number): SeedPackage {
  const inCity = (p: SeedPackage) => p.cities.includes(cityCode);
  const family =
    age < 25
      ? rng.weighted([
          ['YOUTH', 6],
          ['FIVE_G', 4],
        ] as const)
      : age >= 62
        ? rng.weighted([
            ['BASIC', 5],
            ['FIVE_G', 3],
            ['FAMILY', 2],
          ] as const)
        : rng.weighted([
            ['FIVE_G', 6],
            ['FAMILY', 3],
            ['BASIC', 1],
          ] as const);
  const audience =
    age < 23 && cityCode === PILOT_CITY && rng.chance(0.5) ? 'CAMPUS' : age >= 62 && cityCode === PILOT_CITY && rng.chance(0.4) ? 'SENIOR' : 'GENERAL';
  const legacy = rng.chance(0.12);
  const key = `plan|${family}|${cityCode}|${audience}|${legacy}`;
  const weighted = memo(ctx, key, () => {
    let candidates = ctx.packages.filter((p) => p.family === family && inCity(p) && (legacy ? !p.online : p.online && p.audience === audience));
    if (candidates.length === 0) candidates = ctx.packages.filter((p) => p.family === family && inCity(p) && p.online);
    // Cheaper plans are held far more often than premium ones.
    return candidates.map((p) => [p, 1 / Math.sqrt(p.monthlyFeeCents / 100)] as const);
  });
  return rng.weighted(weighted);
}

/** Candidate lists depend on a handful of keys, not on the customer: compute each once. */
function memo<T>(ctx: SeedContext, key: string, make: () => T): T {
  let value = ctx.memo.get(key) as T | undefined;
  if (value === undefined) ctx.memo.set(key, (value = make()));
  return value;
}

const CONTRACT_KINDS = [
  (rng: Rng) => ({
    name: `合约购机：${rng.pick(['iPhone 16', 'iPhone 16 Pro', '华为Mate 70', '华为nova 13', '小米15', 'vivo X200', 'OPPO Find X8', '荣耀Magic7'])} 24个月`,
    months: 24,
  }),
  () => ({ name: '宽带合约：移动宽带500M 24个月', months: 24 }),
  (rng: Rng) => ({ name: `保底消费协议：每月不低于${rng.pick([58, 88, 128, 158])}元 12个月`, months: 12 }),
  () => ({ name: '靓号协议：最低消费 36个月', months: 36 }),
];

export function generateCustomer(i: number, ctx: SeedContext): SeedCustomer {
  const rng = rngFor('customer', i);
  const { seedDate } = ctx;
  const city = rng.chance(0.5) ? CITIES.find((c) => c.code === PILOT_CITY)! : rng.pick(CITIES.filter((c) => c.code !== PILOT_CITY));
  const hall = rng.pick(hallsOf(city.code));
  const male = rng.chance(0.52);
  const age = Math.round(
    Math.min(
      85,
      Math.max(
        16,
        rng.weighted([
          [rng.int(16, 24), 18],
          [rng.int(25, 44), 40],
          [rng.int(45, 61), 27],
          [rng.int(62, 85), 15],
        ] as const),
      ),
    ),
  );
  const birthDate = addDays(addMonths(seedDate, -12 * age), -rng.int(0, 364));
  const name = chineseName(rng, male);
  const msisdn = msisdnFor(i);
  const joinedOn = addMonths(seedDate, -rng.int(1, Math.min(300, (age - 15) * 12)));

  const plan = pickPlan(rng, ctx, city.code, age);
  const holdings: SeedHolding[] = [];
  let h = 0;
  const holdingId = () => `${customerId(i)}-H${++h}`;

  // The current plan: a contract edition ends on a date; an open-ended plan has none.
  if (plan.contractMonths > 0) {
    const end = addDays(seedDate, Math.max(0, endOffsetDays(rng)));
    holdings.push({
      id: holdingId(),
      kind: 'PACKAGE',
      name: plan.name,
      packageCode: plan.code,
      promotionCode: null,
      tierCode: null,
      startDate: addMonths(end, -plan.contractMonths),
      endDate: end,
      monthlyFeeCents: plan.monthlyFeeCents,
    });
  } else {
    const start = addDays(seedDate, -rng.int(30, 900));
    holdings.push({
      id: holdingId(),
      kind: 'PACKAGE',
      name: plan.name,
      packageCode: plan.code,
      promotionCode: null,
      tierCode: null,
      startDate: start < joinedOn ? joinedOn : start,
      endDate: null,
      monthlyFeeCents: plan.monthlyFeeCents,
    });
  }

  const addOns = memo(ctx, 'addOns', () =>
    ctx.packages.filter((p) => p.online && (p.family === 'DATA_ADDON' || p.family === 'RIGHTS' || p.family === 'VOICE_ADDON')),
  );
  for (
    let k = rng.weighted([
      [0, 5],
      [1, 3],
      [2, 2],
    ] as const);
    k > 0;
    k--
  ) {
    const addOn = rng.pick(addOns);
    const dated = rng.chance(0.5);
    const end = dated ? addDays(seedDate, endOffsetDays(rng)) : null;
    holdings.push({
      id: holdingId(),
      kind: 'PACKAGE',
      name: addOn.name,
      packageCode: addOn.code,
      promotionCode: null,
      tierCode: null,
      startDate: end ? addMonths(end, -12) : addDays(seedDate, -rng.int(30, 400)),
      endDate: end,
      monthlyFeeCents: addOn.monthlyFeeCents,
    });
  }

  const promotions = memo(ctx, `promotions|${city.code}|${plan.family}`, () =>
    ctx.promotions.filter((p) => p.cities.includes(city.code) && p.families.includes(plan.family)),
  );
  for (
    let k = rng.weighted([
      [0, 4],
      [1, 4],
      [2, 2],
    ] as const);
    k > 0 && promotions.length > 0;
    k--
  ) {
    const promotion = rng.pick(promotions);
    const batch = rng.pick(promotion.batches);
    const tier = rng.pick(batch.tiers);
    const end = addDays(seedDate, endOffsetDays(rng));
    holdings.push({
      id: holdingId(),
      kind: 'PROMOTION',
      name: `${promotion.name}·${tier.name}`,
      packageCode: null,
      promotionCode: promotion.code,
      tierCode: tier.code,
      startDate: addMonths(end, -tier.contractMonths),
      endDate: end,
      monthlyFeeCents: -tier.monthlyDiscountCents,
    });
  }

  if (rng.chance(0.35)) {
    const contract = rng.pick(CONTRACT_KINDS)(rng);
    const end = addDays(seedDate, endOffsetDays(rng));
    holdings.push({
      id: holdingId(),
      kind: 'CONTRACT',
      name: contract.name,
      packageCode: null,
      promotionCode: null,
      tierCode: null,
      startDate: addMonths(end, -contract.months),
      endDate: end,
      monthlyFeeCents: 0,
    });
  }

  // Three months of usage before the seed month, trending up or down.
  const trend = rng.weighted([
    [-0.25, 2],
    [0, 5],
    [0.2, 3],
  ] as const);
  const baseRatio = Math.max(0.1, rng.around(0.8, 0.6));
  const usage: SeedUsage[] = [];
  const addOnFees = holdings
    .filter((x) => x.kind === 'PACKAGE' && x !== holdings[0] && (!x.endDate || x.endDate >= seedDate))
    .reduce((s, x) => s + x.monthlyFeeCents, 0);
  let billed = 0;
  for (let m = 3; m >= 1; m--) {
    const ratio = Math.max(0.05, baseRatio * (1 + trend * (3 - m)) * rng.around(1, 0.1));
    const dataMb = Math.round(Math.max(0.5, plan.dataGb) * 1024 * ratio);
    const voiceMinutes = Math.round(Math.max(60, plan.voiceMinutes) * Math.max(0.05, rng.around(0.6, 0.5)));
    const extraGb = Math.max(0, dataMb / 1024 - plan.dataGb);
    const extraMinutes = Math.max(0, voiceMinutes - plan.voiceMinutes);
    // Standard over-allowance tariff: 5 元/GB of data, 0.19 元/minute of voice.
    const overageCents = Math.ceil(extraGb) * 500 + Math.round(extraMinutes * 19);
    usage.push({ month: addMonths(seedDate, -m).slice(0, 7), dataMb, voiceMinutes, smsCount: rng.int(0, 40), overageCents });
    billed += plan.monthlyFeeCents + addOnFees + overageCents;
  }
  const arpuCents = Math.round(billed / 3);

  const segment: Segment = arpuCents >= 19800 ? 'HIGH_VALUE' : age < 25 ? 'YOUTH' : age >= 62 ? 'SENIOR' : arpuCents >= 8800 ? 'MID' : 'MASS';

  const current = holdings.filter((x) => !x.endDate || x.endDate >= seedDate);
  const tags: string[] = [];
  if (usage.some((u) => u.overageCents > 0)) tags.push('流量超套');
  if (usage.reduce((s, u) => s + u.dataMb, 0) / 3 > 40 * 1024) tags.push('高流量');
  if (usage[2].dataMb < usage[0].dataMb * 0.7) tags.push('流量下滑');
  if (usage[2].dataMb > usage[0].dataMb * 1.3) tags.push('流量增长');
  if (!plan.is5g && rng.chance(0.6)) tags.push('5G终端未开5G套餐');
  if (plan.broadbandMbps) tags.push('宽带用户');
  else tags.push('无宽带');
  if (current.some((x) => x.name.includes('VIP'))) tags.push('视频重度用户');
  if (current.some((x) => x.endDate && x.endDate <= addMonths(seedDate, 1))) tags.push('合约即将到期');
  if (plan.family === 'FAMILY') tags.push(`家庭成员${rng.int(2, 5)}人`);
  if (rng.chance(0.15)) tags.push('异网双卡');
  if (plan.monthlyFeeCents <= 5800 && rng.chance(0.5)) tags.push('价格敏感');
  if (rng.chance(0.05)) tags.push('国际漫游');
  if (rng.chance(0.1)) tags.push('夜间活跃');
  if (joinedOn <= addMonths(seedDate, -120)) tags.push('十年老用户');

  return {
    id: customerId(i),
    msisdn,
    name,
    gender: male ? 'M' : 'F',
    birthDate,
    idNumber: idNumber(`${city.idPrefix}${String((i % 9) + 1).padStart(2, '0')}`, birthDate, rng.int(0, 999), male),
    cityCode: city.code,
    hallCode: hall.code,
    segment,
    joinedOn,
    arpuCents,
    currentPackageCode: plan.code,
    tags,
    usage,
    holdings,
  };
}

export type WarningType = 'CHURN' | 'COMPLAINT' | 'DOWNGRADE' | 'ARREARS' | 'CONTRACT_EXPIRY' | 'PORT_OUT' | 'NETWORK_QUALITY';
export type WarningLevel = 'HIGH' | 'MEDIUM' | 'LOW';

export interface SeedWarningOrder {
  externalId: string;
  customerId: string;
  msisdn: string;
  cityCode: string;
  hallCode: string;
  type: WarningType;
  level: WarningLevel;
  content: string;
  issuedAt: string;
  dueDate: string;
}

/** What the grid system (网格通) had sent about this customer by the seed date: most have none. */
export function generateWarningOrders(customer: SeedCustomer, index: number, ctx: SeedContext): SeedWarningOrder[] {
  const rng = rngFor('warning', index);
  if (!rng.chance(0.09)) return [];
  const plan = ctx.byCode.get(customer.currentPackageCode)!;
  const fee = plan.monthlyFeeCents / 100;
  const drop = Math.max(10, Math.round((1 - customer.usage[2].dataMb / Math.max(1, customer.usage[0].dataMb)) * 100));
  const orders: SeedWarningOrder[] = [];
  for (
    let k = rng.weighted([
      [1, 8],
      [2, 2],
    ] as const);
    k > 0;
    k--
  ) {
    const type = rng.weighted<WarningType>([
      ['CHURN', 3],
      ['COMPLAINT', 2],
      ['DOWNGRADE', 2],
      ['ARREARS', 2],
      ['CONTRACT_EXPIRY', 2],
      ['PORT_OUT', 1],
      ['NETWORK_QUALITY', 1],
    ]);
    const level = rng.weighted<WarningLevel>([
      ['HIGH', 3],
      ['MEDIUM', 4],
      ['LOW', 3],
    ]);
    const issuedAt = `${addDays(ctx.seedDate, -rng.int(0, 20))}T0${rng.int(1, 9)}:${String(rng.int(10, 59))}:00+08:00`;
    const dueDate = addDays(ctx.seedDate, rng.int(1, 14));
    const owed = rng.int(30, 600);
    const content = {
      CHURN: `【脉动预警·离网】客户近3个月流量使用下降${drop}%，月均消费${(customer.arpuCents / 100).toFixed(0)}元，存在离网风险。建议：上门或到厅时推荐${fee >= 128 ? '全家享融合套餐' : '5G畅享套餐128元'}并赠送视频会员。请于${dueDate}前完成维系。`,
      COMPLAINT: `【脉动预警·投诉】客户${rng.int(3, 30)}天内拨打10086投诉${rng.int(2, 5)}次，诉求：${rng.pick(['话费争议', '流量扣费不明', '宽带经常掉线', '套餐变更未生效'])}。建议：首问负责，优先安抚并核实账单。处理时限${dueDate}。`,
      DOWNGRADE: `【脉动预警·降档】客户申请由${fee}元套餐降档，近3月ARPU ${(customer.arpuCents / 100).toFixed(0)}元。建议：推荐同档合约版或权益包挽留，避免降档。请于${dueDate}前处理。`,
      ARREARS: `【脉动预警·欠费】客户当前欠费${owed}元，已停机风险。建议：提醒缴费，可办理话费分期。截止${dueDate}。`,
      CONTRACT_EXPIRY: `【脉动预警·合约到期】客户合约将于${addDays(ctx.seedDate, rng.int(5, 30))}到期，到期后资费将恢复标准价。建议：推荐续约并赠送话费券。请于${dueDate}前完成续约。`,
      PORT_OUT: `【脉动预警·携转】客户近期查询携号转网资格${rng.int(1, 3)}次，异网双卡用户。建议：立即维系，可推荐携转挽留优惠。时限${dueDate}。`,
      NETWORK_QUALITY: `【脉动预警·网络质量】客户常驻小区${rng.pick(['京口路基站', '润州新村', '丹阳开发区', '句容华阳'])}近7天掉话率${rng.int(2, 9)}%，感知差。建议：转网络优化并告知客户处理进度。${dueDate}前回访。`,
    }[type];
    orders.push({
      externalId: `WGT${ctx.seedDate.replaceAll('-', '')}${String(index).padStart(8, '0')}${k}`,
      customerId: customer.id,
      msisdn: customer.msisdn,
      cityCode: customer.cityCode,
      hallCode: customer.hallCode,
      type,
      level,
      content,
      issuedAt,
      dueDate,
    });
  }
  return orders;
}

export interface SeedOrder {
  id: string;
  orderNumber: string;
  customerId: string;
  cityCode: string;
  hallCode: string;
  staffId: string;
  packageCode: string;
  status: 'COMPLETED' | 'CANCELLED';
  totalFeeCents: number;
  createdAt: string;
}

/** Orders handled before the seed date: history the order subgraph owns. */
export function generatePastOrders(customer: SeedCustomer, index: number, ctx: SeedContext): SeedOrder[] {
  const rng = rngFor('order', index);
  if (!rng.chance(0.2)) return [];
  const clerks = STAFF.filter((s) => s.hallCode === customer.hallCode && s.roles.includes('clerk'));
  const orders: SeedOrder[] = [];
  for (let k = rng.int(1, 2); k > 0; k--) {
    const pkg = rng.chance(0.5)
      ? ctx.byCode.get(customer.currentPackageCode)!
      : rng.pick(ctx.packages.filter((p) => p.online && p.family !== 'FIVE_G' && p.cities.includes(customer.cityCode)));
    const day = addDays(ctx.seedDate, -rng.int(5, 180));
    orders.push({
      id: `${customer.id}-O${k}`,
      orderNumber: `${customer.cityCode.slice(0, 2).toUpperCase()}${day.replaceAll('-', '')}${String(index).padStart(7, '0')}${k}`,
      customerId: customer.id,
      cityCode: customer.cityCode,
      hallCode: customer.hallCode,
      staffId: rng.pick(clerks).staffId,
      packageCode: pkg.code,
      status: rng.chance(0.92) ? 'COMPLETED' : 'CANCELLED',
      totalFeeCents: pkg.monthlyFeeCents,
      createdAt: `${day}T${String(rng.int(9, 17)).padStart(2, '0')}:${String(rng.int(10, 59))}:00+08:00`,
    });
  }
  return orders;
}
