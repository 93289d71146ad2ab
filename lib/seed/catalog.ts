import { CITIES, PILOT_CITY } from '../org-chart.js';
import { addMonths } from '../calendar.js';
import { rngFor } from './rng.js';
import type { Audience, Family } from '../catalog-families.js';

export interface SeedPackage {
  code: string;
  name: string;
  brand: string;
  family: Family;
  audience: Audience;
  monthlyFeeCents: number;
  dataGb: number;
  voiceMinutes: number;
  is5g: boolean;
  broadbandMbps: number | null;
  contractMonths: number;
  online: boolean;
  validFrom: string;
  validTo: string | null;
  cities: string[];
  description: string;
}

interface Plan {
  code: string;
  name: string;
  brand: string;
  family: Family;
  fee: number;
  data: number;
  voice: number;
  is5g: boolean;
  broadband: number | null;
  perks?: string;
}

/** Core tariff plans at China Mobile's published price points (元/月, GB, 分钟). */
const CORE_PLANS: Plan[] = [
  ...(
    [
      [128, 30, 500],
      [158, 40, 700],
      [198, 60, 1000],
      [238, 80, 1200],
      [298, 100, 1500],
      [398, 150, 2000],
      [598, 300, 3000],
    ] as const
  ).map(([fee, data, voice]) => ({
    code: `5GCX${fee}`,
    name: `5G畅享套餐${fee}元`,
    brand: '中国移动',
    family: 'FIVE_G' as const,
    fee,
    data,
    voice,
    is5g: true,
    broadband: null,
  })),
  ...(
    [
      [59, 20, 100],
      [79, 30, 200],
      [99, 40, 300],
      [129, 60, 500],
    ] as const
  ).map(([fee, data, voice]) => ({
    code: `5GZX${fee}`,
    name: `5G智享套餐${fee}元`,
    brand: '中国移动',
    family: 'FIVE_G' as const,
    fee,
    data,
    voice,
    is5g: true,
    broadband: null,
  })),
  ...(
    [
      [188, 40, 800],
      [288, 80, 1500],
      [388, 120, 2500],
      [588, 200, 3500],
      [888, 300, 5000],
    ] as const
  ).map(([fee, data, voice]) => ({
    code: `QQT${fee}`,
    name: `全球通尊享套餐${fee}元`,
    brand: '全球通',
    family: 'FIVE_G' as const,
    fee,
    data,
    voice,
    is5g: true,
    broadband: null,
    perks: '机场贵宾厅、积分加倍',
  })),
  ...(
    [
      [129, 50, 600, 300],
      [169, 80, 900, 500],
      [199, 100, 1200, 1000],
      [239, 120, 1500, 1000],
      [299, 150, 2000, 2000],
      [399, 200, 3000, 2000],
    ] as const
  ).map(([fee, data, voice, bb]) => ({
    code: `QJX${fee}`,
    name: `全家享融合套餐${fee}元`,
    brand: '中国移动',
    family: 'FAMILY' as const,
    fee,
    data,
    voice,
    is5g: true,
    broadband: bb,
    perks: '含副卡、移动看家',
  })),
  ...(
    [
      [18, 5, 50],
      [28, 10, 100],
      [38, 20, 100],
      [58, 30, 200],
    ] as const
  ).map(([fee, data, voice]) => ({
    code: `DGDD${fee}`,
    name: `动感地带芒果卡${fee}元`,
    brand: '动感地带',
    family: 'YOUTH' as const,
    fee,
    data,
    voice,
    is5g: fee >= 38,
    broadband: null,
    perks: '芒果TV会员',
  })),
  ...(
    [
      [8, 0.5, 0],
      [18, 3, 100],
    ] as const
  ).map(([fee, data, voice]) => ({
    code: `SZX${fee}`,
    name: fee === 8 ? '神州行保号套餐8元' : '神州行畅听套餐18元',
    brand: '神州行',
    family: 'BASIC' as const,
    fee,
    data,
    voice,
    is5g: false,
    broadband: null,
  })),
];

/** Add-ons, rights packs and broadband: sold province-wide on top of a plan. */
const ADD_ONS: Plan[] = [
  ...(
    [
      [10, 2],
      [20, 5],
      [30, 10],
      [50, 20],
      [70, 30],
      [100, 50],
    ] as const
  ).map(([fee, data]) => ({
    code: `LLB${data}G`,
    name: `月包流量${data}GB`,
    brand: '中国移动',
    family: 'DATA_ADDON' as const,
    fee,
    data,
    voice: 0,
    is5g: false,
    broadband: null,
  })),
  ...(
    [
      [5, 1],
      [8, 2],
      [15, 5],
    ] as const
  ).map(([fee, data]) => ({
    code: `RLL${data}G`,
    name: `日租流量包${data}GB`,
    brand: '中国移动',
    family: 'DATA_ADDON' as const,
    fee,
    data,
    voice: 0,
    is5g: false,
    broadband: null,
  })),
  ...(['抖音', '快手', '微信', '哔哩哔哩', '王者荣耀'] as const).map((app, i) => ({
    code: `DXLL${i + 1}`,
    name: `${app}定向流量包15GB`,
    brand: '中国移动',
    family: 'DATA_ADDON' as const,
    fee: 10,
    data: 15,
    voice: 0,
    is5g: false,
    broadband: null,
  })),
  ...(
    [
      [10, 100],
      [20, 200],
      [30, 500],
      [50, 1000],
    ] as const
  ).map(([fee, voice]) => ({
    code: `YYB${voice}`,
    name: `语音包${voice}分钟`,
    brand: '中国移动',
    family: 'VOICE_ADDON' as const,
    fee,
    data: 0,
    voice,
    is5g: false,
    broadband: null,
  })),
  { code: 'QQH10', name: '亲情号互打免费', brand: '中国移动', family: 'VOICE_ADDON', fee: 10, data: 0, voice: 0, is5g: false, broadband: null },
  ...(['腾讯视频', '爱奇艺', '优酷', '芒果TV', '咪咕视频'] as const).flatMap((app, i) => [
    { code: `QY${i + 1}A`, name: `${app}VIP会员月包`, brand: '中国移动', family: 'RIGHTS' as const, fee: 15, data: 0, voice: 0, is5g: false, broadband: null },
    {
      code: `QY${i + 1}B`,
      name: `${app}VIP+5GB流量权益包`,
      brand: '中国移动',
      family: 'RIGHTS' as const,
      fee: 25,
      data: 5,
      voice: 0,
      is5g: false,
      broadband: null,
    },
  ]),
  ...(
    [
      ['QYYY', '咪咕音乐白金会员', 10],
      ['QYYP', '移动云盘2TB', 10],
      ['QYCL', '视频彩铃', 5],
      ['QYKY', '咪咕快游畅玩包', 15],
      ['QYCX', '高德打车出行券包', 9.9],
      ['QYWM', '饿了么外卖权益包', 15],
    ] as const
  ).map(([code, name, fee]) => ({ code, name, brand: '中国移动', family: 'RIGHTS' as const, fee, data: 0, voice: 0, is5g: false, broadband: null })),
  ...(
    [
      [300, 40],
      [500, 50],
      [1000, 80],
      [2000, 120],
    ] as const
  ).map(([mbps, fee]) => ({
    code: `KD${mbps}`,
    name: `移动宽带${mbps}M单宽`,
    brand: '中国移动',
    family: 'BROADBAND' as const,
    fee,
    data: 0,
    voice: 0,
    is5g: false,
    broadband: mbps,
  })),
  { code: 'FTTR1000', name: 'FTTR全屋光宽带1000M', brand: '中国移动', family: 'BROADBAND', fee: 150, data: 0, voice: 0, is5g: false, broadband: 1000 },
  ...(
    [
      [10, 300],
      [20, 500],
      [30, 1000],
    ] as const
  ).map(([fee, to]) => ({
    code: `KDTS${to}`,
    name: `宽带提速至${to}M`,
    brand: '中国移动',
    family: 'BROADBAND' as const,
    fee,
    data: 0,
    voice: 0,
    is5g: false,
    broadband: to,
  })),
];

const EDITIONS: { suffix: string; label: string; audience: Audience; pilotOnly: boolean; feeFactor: number; dataBonus: number }[] = [
  { suffix: '', label: '', audience: 'GENERAL', pilotOnly: false, feeFactor: 1, dataBonus: 0 },
  { suffix: '-XRW', label: '（新入网专享）', audience: 'NEW_SUBSCRIBER', pilotOnly: false, feeFactor: 1, dataBonus: 10 },
  { suffix: '-XZ', label: '（携号转网专享）', audience: 'PORT_IN', pilotOnly: true, feeFactor: 0.8, dataBonus: 0 },
  { suffix: '-XY', label: '（校园版）', audience: 'CAMPUS', pilotOnly: true, feeFactor: 0.7, dataBonus: 20 },
  { suffix: '-YF', label: '（银发版）', audience: 'SENIOR', pilotOnly: true, feeFactor: 0.8, dataBonus: 0 },
  { suffix: '-ZQ', label: '（政企版）', audience: 'ENTERPRISE', pilotOnly: true, feeFactor: 0.9, dataBonus: 0 },
];
const CONTRACTS = [
  { months: 0, suffix: '', label: '' },
  { months: 12, suffix: '-C12', label: '·12个月合约' },
  { months: 24, suffix: '-C24', label: '·24个月合约' },
];

const ALL_CITIES = CITIES.map((c) => c.code);
const cents = (yuan: number) => Math.round(yuan * 100);

/** The whole catalogue, valid as of catalogueDate: 600+ packages, 500+ of them online in the pilot city. */
export function generatePackages(catalogueDate: string): SeedPackage[] {
  const packages: SeedPackage[] = [];
  const validFrom = addMonths(catalogueDate, -18);
  for (const plan of CORE_PLANS) {
    for (const edition of EDITIONS) {
      for (const contract of CONTRACTS) {
        // A contract earns a discount: 5% for 12 months, 10% for 24.
        const discount = contract.months === 24 ? 0.9 : contract.months === 12 ? 0.95 : 1;
        const fee = Math.max(8, Math.round(plan.fee * edition.feeFactor * discount));
        const data = plan.data + edition.dataBonus;
        packages.push({
          code: `${plan.code}${edition.suffix}${contract.suffix}`,
          name: `${plan.name}${edition.label}${contract.label}`,
          brand: plan.brand,
          family: plan.family,
          audience: edition.audience,
          monthlyFeeCents: cents(fee),
          dataGb: data,
          voiceMinutes: plan.voice,
          is5g: plan.is5g,
          broadbandMbps: plan.broadband,
          contractMonths: contract.months,
          online: true,
          validFrom,
          validTo: edition.audience === 'NEW_SUBSCRIBER' ? addMonths(catalogueDate, 6) : null,
          cities: edition.pilotOnly ? [PILOT_CITY] : ALL_CITIES,
          description: describe(plan, fee, data, contract.months),
        });
      }
    }
    // The 2023 edition each plan replaced: offline, kept because customers still hold it.
    packages.push({
      code: `${plan.code}-2023`,
      name: `${plan.name}（2023版）`,
      brand: plan.brand,
      family: plan.family,
      audience: 'GENERAL',
      monthlyFeeCents: cents(plan.fee),
      dataGb: Math.max(0.5, Math.round(plan.data * 0.7)),
      voiceMinutes: plan.voice,
      is5g: plan.is5g,
      broadbandMbps: plan.broadband,
      contractMonths: 0,
      online: false,
      validFrom: '2023-01-01',
      validTo: addMonths(catalogueDate, -12),
      cities: ALL_CITIES,
      description: `${describe(plan, plan.fee, plan.data, 0)}（已下线，仅存量用户保有）`,
    });
  }
  for (const addOn of ADD_ONS) {
    packages.push({
      code: addOn.code,
      name: addOn.name,
      brand: addOn.brand,
      family: addOn.family,
      audience: 'GENERAL',
      monthlyFeeCents: cents(addOn.fee),
      dataGb: addOn.data,
      voiceMinutes: addOn.voice,
      is5g: false,
      broadbandMbps: addOn.broadband,
      contractMonths: 0,
      online: true,
      validFrom,
      validTo: null,
      cities: ALL_CITIES,
      description: describe(addOn, addOn.fee, addOn.data, 0),
    });
  }
  return packages;
}

function describe(plan: Plan, fee: number, data: number, contractMonths: number): string {
  const parts = [`月费${fee}元`];
  if (data > 0) parts.push(`国内通用流量${data}GB`);
  if (plan.voice > 0) parts.push(`国内语音${plan.voice}分钟`);
  if (plan.broadband) parts.push(`宽带${plan.broadband}M`);
  if (plan.perks) parts.push(plan.perks);
  if (contractMonths > 0) parts.push(`合约期${contractMonths}个月`);
  return parts.join('，');
}

export type PromotionKind = 'PREPAY_BONUS' | 'HANDSET' | 'BROADBAND_BUNDLE' | 'RIGHTS_GIFT' | 'MIN_SPEND' | 'NEW_ACTIVATION';
export type FeeKind = 'PREPAYMENT' | 'DEPOSIT' | 'ONE_TIME';

export interface SeedGift {
  code: string;
  name: string;
  valueCents: number;
  stock: number;
}
export interface SeedTier {
  code: string;
  name: string;
  minMonthlyFeeCents: number;
  contractMonths: number;
  monthlyDiscountCents: number;
  /** How many of its gifts a customer may choose: two of a rich tier's three, else one. */
  giftChoices: number;
  fees: { kind: FeeKind; amountCents: number }[];
  gifts: SeedGift[];
}
export interface SeedBatch {
  code: string;
  name: string;
  validFrom: string;
  validTo: string;
  tiers: SeedTier[];
}
export interface SeedPromotion {
  code: string;
  name: string;
  kind: PromotionKind;
  cities: string[];
  families: Family[];
  description: string;
  batches: SeedBatch[];
}

const PROMOTION_THEMES: { kind: PromotionKind; name: string; families: Family[]; fee: FeeKind | null }[] = [
  { kind: 'PREPAY_BONUS', name: '存费送费', families: ['FIVE_G', 'FAMILY', 'YOUTH'], fee: 'PREPAYMENT' },
  { kind: 'HANDSET', name: '合约购机', families: ['FIVE_G', 'FAMILY'], fee: 'PREPAYMENT' },
  { kind: 'BROADBAND_BUNDLE', name: '宽带融合优惠', families: ['FAMILY', 'BROADBAND'], fee: 'DEPOSIT' },
  { kind: 'RIGHTS_GIFT', name: '权益焕新礼', families: ['FIVE_G', 'YOUTH', 'RIGHTS'], fee: null },
  { kind: 'MIN_SPEND', name: '保底消费送流量', families: ['FIVE_G', 'FAMILY'], fee: null },
  { kind: 'NEW_ACTIVATION', name: '新入网礼包', families: ['FIVE_G', 'YOUTH', 'BASIC'], fee: 'ONE_TIME' },
];
const GIFTS: [string, number][] = [
  ['话费券50元', 50],
  ['话费券100元', 100],
  ['流量券10GB', 30],
  ['腾讯视频VIP季卡', 45],
  ['爱奇艺VIP季卡', 45],
  ['美的电饭煲', 199],
  ['小米充电宝', 129],
  ['华为手环', 249],
  ['九阳豆浆机', 299],
  ['移动看家摄像头', 159],
  ['咪咕视频年卡', 168],
  ['京东E卡100元', 100],
  ['品牌床品四件套', 259],
  ['蓝牙耳机', 199],
  ['加湿器', 99],
];
const TIER_FEES = [58, 88, 128, 158, 198, 238, 298, 398];
const SEASONS = ['冬季', '春季', '年中', '秋季', '双11', '新春', '开学季', '五一'];

/** 300 promotions, each with batches of tiers: a few thousand tiers in all, as in one province. */
export function generatePromotions(catalogueDate: string, count = 300): SeedPromotion[] {
  const promotions: SeedPromotion[] = [];
  for (let p = 0; p < count; p++) {
    const rng = rngFor('promotion', p);
    const theme = PROMOTION_THEMES[p % PROMOTION_THEMES.length];
    const citywide = p % 3 !== 0;
    const city = CITIES[p % CITIES.length];
    const cities = citywide ? [rng.chance(0.4) ? PILOT_CITY : city.code] : ALL_CITIES;
    const code = `CX${String(p + 1).padStart(4, '0')}`;
    const season = SEASONS[p % SEASONS.length];
    const scope = citywide ? (cities[0] === PILOT_CITY ? '镇江' : city.name) : '江苏';
    const batches: SeedBatch[] = [];
    const batchCount = rng.int(1, 3);
    for (let b = 0; b < batchCount; b++) {
      // Batches follow each other; the last is usually current, earlier ones are history.
      const validFrom = addMonths(catalogueDate, -3 * (batchCount - b) + rng.int(0, 1));
      const validTo = b === batchCount - 1 ? addMonths(catalogueDate, rng.int(2, 9)) : addMonths(validFrom, 3);
      const batchCode = `${code}-B${b + 1}`;
      const tierCount = rng.int(3, 6);
      const start = rng.int(0, TIER_FEES.length - tierCount);
      const tiers: SeedTier[] = [];
      for (let t = 0; t < tierCount; t++) {
        const minFee = TIER_FEES[start + t];
        const months = theme.kind === 'HANDSET' || theme.kind === 'BROADBAND_BUNDLE' ? 24 : rng.pick([6, 12, 12, 24]);
        const fees: SeedTier['fees'] = [];
        if (theme.fee === 'PREPAYMENT') fees.push({ kind: 'PREPAYMENT', amountCents: cents(minFee * (theme.kind === 'HANDSET' ? 6 : 2)) });
        if (theme.fee === 'DEPOSIT') fees.push({ kind: 'DEPOSIT', amountCents: cents(rng.pick([100, 200, 300])) });
        if (theme.fee === 'ONE_TIME') fees.push({ kind: 'ONE_TIME', amountCents: cents(rng.pick([10, 20, 30])) });
        const gifts: SeedGift[] = [];
        const giftCount = theme.kind === 'MIN_SPEND' ? 0 : rng.int(0, 3);
        for (let g = 0; g < giftCount; g++) {
          const [name, value] = GIFTS[(p * 7 + t * 3 + g * 5) % GIFTS.length];
          gifts.push({ code: `${batchCode}-T${t + 1}-G${g + 1}`, name, valueCents: cents(value), stock: rng.int(0, 400) });
        }
        tiers.push({
          code: `${batchCode}-T${t + 1}`,
          name: `月消费${minFee}元及以上档`,
          minMonthlyFeeCents: cents(minFee),
          contractMonths: months,
          monthlyDiscountCents: theme.kind === 'PREPAY_BONUS' || theme.kind === 'MIN_SPEND' ? cents(Math.round(minFee * rng.pick([0.1, 0.15, 0.2]))) : 0,
          fees,
          gifts,
          giftChoices: gifts.length >= 3 ? 2 : 1,
        });
      }
      batches.push({ code: batchCode, name: `${season}第${b + 1}批`, validFrom, validTo, tiers });
    }
    promotions.push({
      code,
      name: `${scope}${season}${theme.name}活动`,
      kind: theme.kind,
      cities,
      families: theme.families,
      description: `${scope}${theme.name}：按月消费档次享受优惠或礼品，合约期内不可降档。`,
      batches,
    });
  }
  return promotions;
}
