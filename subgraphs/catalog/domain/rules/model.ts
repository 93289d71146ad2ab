/**
 * The marketing rule language: what a city marketing department writes in YAML (see
 * docs/rules.md). Rules are data: parsed, validated against the catalogue, versioned, and
 * compiled into indexes the recommender reads.
 */

import { FAMILIES, type Audience, type Family } from '../../../../lib/catalog-families.js';

export { ADD_ON_FAMILIES, AUDIENCES, BASE_FAMILIES, FAMILIES, type Audience, type Family } from '../../../../lib/catalog-families.js';

export const SCENARIOS = ['COUNTER', 'RENEWAL', 'RETENTION', 'ADD_ON'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const SEGMENTS = ['HIGH_VALUE', 'MID', 'MASS', 'YOUTH', 'SENIOR'] as const;
export const EXPIRY_LABELS = ['RED', 'YELLOW', 'GREEN'] as const;
export type ExpiryLabel = (typeof EXPIRY_LABELS)[number];

export const RULE_KINDS = ['eligibility', 'exclusion', 'category', 'boost', 'approval', 'renewal', 'downgrade'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** Chinese names of things, shared by validation messages and the Markdown rendering. */
export const FAMILY_ZH: Record<Family, string> = {
  FIVE_G: '5G个人套餐',
  FAMILY: '家庭融合套餐',
  YOUTH: '青年套餐',
  BASIC: '基础套餐',
  DATA_ADDON: '流量包',
  VOICE_ADDON: '语音包',
  RIGHTS: '权益包',
  BROADBAND: '宽带',
};
export const AUDIENCE_ZH: Record<Audience, string> = {
  GENERAL: '通用版',
  NEW_SUBSCRIBER: '新入网专享版',
  PORT_IN: '携号转网专享版',
  CAMPUS: '校园版',
  SENIOR: '银发版',
  ENTERPRISE: '政企版',
};
export const SCENARIO_ZH: Record<Scenario, string> = { COUNTER: '柜台综合推荐', RENEWAL: '到期续约', RETENTION: '离网维系', ADD_ON: '叠加包推荐' };
export const KIND_ZH: Record<RuleKind, string> = {
  eligibility: '准入条件',
  exclusion: '排斥/黑名单',
  category: '品类管控',
  boost: '营销加权',
  approval: '需目标用户申报',
  renewal: '到期续约映射',
  downgrade: '降档许可',
};

/** Which packages (or, for renewal, which holdings) a rule is about. Fields combine with AND, values in a field with OR. */
export interface Selector {
  packages?: string[];
  families?: Family[];
  audiences?: Audience[];
  /** Promotion codes; only meaningful for holdings (renewal). */
  promotions?: string[];
  /** Inclusive monthly-fee range in yuan. */
  minMonthlyFee?: number;
  maxMonthlyFee?: number;
}

export type AttributeType = 'number' | 'string' | 'list';
export interface AttributeSpec {
  type: AttributeType;
  zh: string;
  /** Allowed values for enumerations, checked at validation. */
  values?: readonly string[];
  unit?: string;
}

/** Every customer attribute a condition can read. Unknown attributes are refused at upload. */
export const ATTRIBUTES = {
  arpu: { type: 'number', zh: '近三月ARPU', unit: '元' },
  tenureMonths: { type: 'number', zh: '在网时长', unit: '个月' },
  segment: { type: 'string', zh: '客户分群', values: SEGMENTS },
  city: { type: 'string', zh: '归属地市' },
  tags: { type: 'list', zh: '客户标签' },
  avgDataGb: { type: 'number', zh: '近三月月均流量', unit: 'GB' },
  avgVoiceMinutes: { type: 'number', zh: '近三月月均通话', unit: '分钟' },
  avgOverageFee: { type: 'number', zh: '近三月月均超套费', unit: '元' },
  dataTrend: { type: 'number', zh: '流量趋势（末月较首月变化比例）' },
  currentMonthlyFee: { type: 'number', zh: '当前主套餐月费', unit: '元' },
  currentFamily: { type: 'string', zh: '当前主套餐大类', values: FAMILIES },
  currentPackage: { type: 'string', zh: '当前主套餐编码' },
  heldPackages: { type: 'list', zh: '持有套餐编码' },
  heldFamilies: { type: 'list', zh: '持有套餐大类', values: FAMILIES },
  heldPromotions: { type: 'list', zh: '持有促销编码' },
  expiringLabels: { type: 'list', zh: '持有业务到期标签', values: EXPIRY_LABELS },
  hasBroadband: { type: 'string', zh: '是否有宽带', values: ['true', 'false'] },
} as const satisfies Record<string, AttributeSpec>;
export type Attribute = keyof typeof ATTRIBUTES;

export const OPERATORS = {
  number: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between'],
  string: ['eq', 'ne', 'in', 'notIn'],
  list: ['contains', 'notContains', 'containsAny', 'containsNone', 'isEmpty', 'isNotEmpty'],
} as const;
export type Operator = (typeof OPERATORS)[AttributeType][number];
export const OPERATOR_ZH: Record<Operator, string> = {
  eq: '等于',
  ne: '不等于',
  gt: '大于',
  gte: '不低于',
  lt: '低于',
  lte: '不高于',
  between: '介于',
  in: '属于',
  notIn: '不属于',
  contains: '包含',
  notContains: '不包含',
  containsAny: '包含任一',
  containsNone: '不含任何',
  isEmpty: '为空',
  isNotEmpty: '不为空',
};

export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | { attribute: Attribute; op: Operator; value?: unknown };

interface RuleBase {
  id: string;
  title: string;
  description?: string;
}
export interface EligibilityRule extends RuleBase {
  kind: 'eligibility';
  appliesTo: Selector;
  when: Condition;
}
export interface ExclusionRule extends RuleBase {
  kind: 'exclusion';
  appliesTo: Selector;
  when?: Condition;
  conflictsWith?: Selector;
}
export interface CategoryRule extends RuleBase {
  kind: 'category';
  scenarios: Scenario[];
  allow?: Family[];
  deny?: Family[];
  maxPerFamily?: Partial<Record<Family, number>>;
}
export interface BoostRule extends RuleBase {
  kind: 'boost';
  appliesTo: Selector;
  weight: number;
  from?: string;
  to?: string;
  when?: Condition;
}
/** `autoApproveWhen`: customers for whom it holds are approved at once when declared (audited as such). */
export interface ApprovalRule extends RuleBase {
  kind: 'approval';
  appliesTo: Selector;
  when?: Condition;
  autoApproveWhen?: Condition;
}
export interface RenewalRule extends RuleBase {
  kind: 'renewal';
  from: Selector;
  offer: string[];
}
export interface DowngradeRule extends RuleBase {
  kind: 'downgrade';
  when: Condition;
  maxDecrease?: number;
}
export type Rule = EligibilityRule | ExclusionRule | CategoryRule | BoostRule | ApprovalRule | RenewalRule | DowngradeRule;

/**
 * How far the learning recommender may explore (show a card to learn how customers take it rather
 * than because it ranks highest): at most one such card in `oneIn` shown, only in `scenarios`, and
 * only once the city's model has learnt `after` outcomes.
 */
export interface Exploration {
  oneIn: number;
  scenarios: Scenario[];
  after: number;
}

/** Without an exploration section: one card in three, never in RETENTION, after 100 outcomes. */
export const DEFAULT_EXPLORATION: Exploration = Object.freeze({ oneIn: 3, scenarios: ['COUNTER', 'RENEWAL', 'ADD_ON'], after: 100 }) as Exploration;

export interface RuleSetDocument {
  name: string;
  description?: string;
  exploration?: Exploration;
  rules: Rule[];
}

/** One problem found in a document: where (path and line) and what. */
export interface Problem {
  path: string;
  line: number | null;
  column: number | null;
  message: string;
}
