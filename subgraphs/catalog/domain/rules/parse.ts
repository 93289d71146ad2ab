import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import {
  ATTRIBUTES,
  AUDIENCES,
  DEFAULT_EXPLORATION,
  FAMILIES,
  OPERATORS,
  RULE_KINDS,
  SCENARIOS,
  type Attribute,
  type Condition,
  type Exploration,
  type Family,
  type Operator,
  type Problem,
  type Rule,
  type RuleSetDocument,
  type Selector,
} from './model.js';

/** What a rule set may refer to: validation refuses references to things the catalogue lacks. */
export interface CatalogReferences {
  packages: ReadonlyMap<string, { online: boolean }>;
  promotions: ReadonlySet<string>;
}

export type ParseResult = { ok: true; document: RuleSetDocument } | { ok: false; problems: Problem[] };

export const MAX_RULES = 2000;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

type Path = (string | number)[];

/**
 * Parses and validates a rule-set YAML document. Every problem is reported at once, each with the
 * document path (rules[3].when.value) and its line, so marketing can fix a file in one pass.
 */
export function parseRuleSet(source: string, refs: CatalogReferences): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const problems: Problem[] = [];
  for (const e of doc.errors) {
    const pos = e.linePos?.[0];
    problems.push({ path: '', line: pos?.line ?? null, column: pos?.col ?? null, message: `YAML 语法错误 / invalid YAML: ${e.message.split('\n')[0]}` });
  }
  if (problems.length > 0) return { ok: false, problems };
  const v = new Validator(doc, lineCounter, refs);
  const document = v.document(doc.toJS({ maxAliasCount: 100 }));
  v.crossCheck(document);
  return v.problems.length > 0 ? { ok: false, problems: v.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) } : { ok: true, document };
}

const render = (path: Path) => path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');

class Validator {
  readonly problems: Problem[] = [];
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly refs: CatalogReferences,
  ) {}

  problem(path: Path, message: string): void {
    // The nearest node that exists gives the line: a missing key points at its parent.
    let node: unknown = null;
    for (let n = path.length; n >= 0 && !isNode(node); n--) node = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
    const offset = isNode(node) && node.range ? node.range[0] : null;
    const pos = offset == null ? null : this.lines.linePos(offset);
    this.problems.push({ path: render(path), line: pos?.line ?? null, column: pos?.col ?? null, message });
  }

  document(value: unknown): RuleSetDocument {
    if (!isRecord(value)) {
      this.problem([], '文档须为映射，含 name 与 rules / the document must be a mapping with name and rules');
      return { name: '', rules: [] };
    }
    this.onlyKeys(value, [], ['name', 'description', 'exploration', 'rules']);
    const name = this.text(value, [], 'name', true) ?? '';
    const description = this.text(value, [], 'description', false);
    const exploration = value.exploration === undefined ? undefined : this.exploration(value.exploration, ['exploration']);
    const list = value.rules;
    if (!Array.isArray(list)) {
      this.problem(['rules'], 'rules 须为列表 / rules must be a list');
      return { name, description, ...(exploration ? { exploration } : {}), rules: [] };
    }
    if (list.length > MAX_RULES) this.problem(['rules'], `规则过多（${list.length}），上限 ${MAX_RULES} / too many rules`);
    const rules = list.flatMap((r, i) => {
      const rule = this.rule(r, ['rules', i]);
      return rule ? [rule] : [];
    });
    return { name, description, ...(exploration ? { exploration } : {}), rules };
  }

  exploration(value: unknown, path: Path): Exploration | undefined {
    if (!isRecord(value)) {
      this.problem(path, 'exploration 须为映射（oneIn、scenarios、after） / exploration must be a mapping');
      return undefined;
    }
    this.onlyKeys(value, path, ['oneIn', 'scenarios', 'after']);
    const int = (key: string, min: number, max: number, fallback: number, message: string) => {
      const v = value[key];
      if (v === undefined) return fallback;
      if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
      this.problem([...path, key], message);
      return fallback;
    };
    return {
      oneIn: int('oneIn', 2, 20, DEFAULT_EXPLORATION.oneIn, 'oneIn 须为 2 到 20 的整数（每 N 张卡片至多一张试推） / oneIn must be an integer 2..20'),
      scenarios: value.scenarios === undefined ? [...DEFAULT_EXPLORATION.scenarios] : this.enumList(value.scenarios, [...path, 'scenarios'], SCENARIOS, false),
      after: int(
        'after',
        0,
        1_000_000,
        DEFAULT_EXPLORATION.after,
        'after 须为 0 到 1000000 的整数（学到多少条结果后开始试推） / after must be an integer 0..1000000',
      ),
    };
  }

  rule(value: unknown, path: Path): Rule | null {
    if (!isRecord(value)) {
      this.problem(path, '规则须为映射 / a rule must be a mapping');
      return null;
    }
    const id = this.text(value, path, 'id', true);
    if (id != null && !ID_PATTERN.test(id)) this.problem([...path, 'id'], `规则编号只能含字母、数字、-_. 且不超过64字符: ${id} / invalid rule id`);
    const title = this.text(value, path, 'title', true);
    const description = this.text(value, path, 'description', false);
    const kind = value.kind;
    if (typeof kind !== 'string' || !(RULE_KINDS as readonly string[]).includes(kind)) {
      this.problem([...path, 'kind'], `未知规则类型 ${JSON.stringify(kind)}，可选: ${RULE_KINDS.join(', ')} / unknown rule kind`);
      return null;
    }
    const base = { id: id ?? '', title: title ?? '', ...(description ? { description } : {}) };
    const common = ['id', 'kind', 'title', 'description'];
    switch (kind) {
      case 'eligibility':
        this.onlyKeys(value, path, [...common, 'appliesTo', 'when']);
        return { ...base, kind, appliesTo: this.selector(value.appliesTo, [...path, 'appliesTo'], true), when: this.condition(value.when, [...path, 'when']) };
      case 'exclusion': {
        this.onlyKeys(value, path, [...common, 'appliesTo', 'when', 'conflictsWith']);
        if (value.when === undefined && value.conflictsWith === undefined)
          this.problem(path, '排斥规则须有 when 或 conflictsWith / an exclusion needs when or conflictsWith');
        return {
          ...base,
          kind,
          appliesTo: this.selector(value.appliesTo, [...path, 'appliesTo'], true),
          ...(value.when !== undefined ? { when: this.condition(value.when, [...path, 'when']) } : {}),
          ...(value.conflictsWith !== undefined ? { conflictsWith: this.selector(value.conflictsWith, [...path, 'conflictsWith'], false) } : {}),
        };
      }
      case 'category':
        return this.category(value, path, base, common);
      case 'boost': {
        this.onlyKeys(value, path, [...common, 'appliesTo', 'weight', 'from', 'to', 'when']);
        const weight = value.weight;
        if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < -1 || weight > 1)
          this.problem([...path, 'weight'], 'weight 须为 -1 到 1 之间的数 / weight must be a number in [-1, 1]');
        const from = this.date(value, path, 'from');
        const to = this.date(value, path, 'to');
        if (from && to && from > to) this.problem([...path, 'to'], `结束日期 ${to} 早于开始日期 ${from} / ends before it starts`);
        return {
          ...base,
          kind,
          appliesTo: this.selector(value.appliesTo, [...path, 'appliesTo'], true),
          weight: typeof weight === 'number' ? weight : 0,
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
          ...(value.when !== undefined ? { when: this.condition(value.when, [...path, 'when']) } : {}),
        };
      }
      case 'approval':
        this.onlyKeys(value, path, [...common, 'appliesTo', 'when', 'autoApproveWhen']);
        return {
          ...base,
          kind,
          appliesTo: this.selector(value.appliesTo, [...path, 'appliesTo'], true),
          ...(value.when !== undefined ? { when: this.condition(value.when, [...path, 'when']) } : {}),
          ...(value.autoApproveWhen !== undefined ? { autoApproveWhen: this.condition(value.autoApproveWhen, [...path, 'autoApproveWhen']) } : {}),
        };
      case 'renewal': {
        this.onlyKeys(value, path, [...common, 'from', 'offer']);
        const offer = this.codes(value.offer, [...path, 'offer'], 'packages');
        if (offer.length === 0) this.problem([...path, 'offer'], 'offer 须列出至少一个套餐编码 / offer must list at least one package');
        offer.forEach((code, i) => {
          if (this.refs.packages.get(code)?.online === false) this.problem([...path, 'offer', i], `续约映射指向已下线套餐 ${code} / the offer is offline`);
        });
        return { ...base, kind, from: this.selector(value.from, [...path, 'from'], false), offer };
      }
      case 'downgrade': {
        this.onlyKeys(value, path, [...common, 'when', 'maxDecrease']);
        const max = value.maxDecrease;
        if (max !== undefined && (typeof max !== 'number' || !(max > 0)))
          this.problem([...path, 'maxDecrease'], 'maxDecrease 须为正数（元） / maxDecrease must be a positive amount in yuan');
        return { ...base, kind, when: this.condition(value.when, [...path, 'when']), ...(typeof max === 'number' ? { maxDecrease: max } : {}) };
      }
    }
    return null;
  }

  category(value: Record<string, unknown>, path: Path, base: { id: string; title: string }, common: string[]): Rule {
    this.onlyKeys(value, path, [...common, 'scenarios', 'allow', 'deny', 'maxPerFamily']);
    const scenarios = this.enumList(value.scenarios, [...path, 'scenarios'], SCENARIOS, true);
    const allow = value.allow === undefined ? undefined : this.enumList(value.allow, [...path, 'allow'], FAMILIES, true);
    const deny = value.deny === undefined ? undefined : this.enumList(value.deny, [...path, 'deny'], FAMILIES, true);
    let maxPerFamily: Partial<Record<Family, number>> | undefined;
    if (value.maxPerFamily !== undefined) {
      maxPerFamily = {};
      if (!isRecord(value.maxPerFamily)) this.problem([...path, 'maxPerFamily'], 'maxPerFamily 须为 大类: 数量 的映射 / must map family to a count');
      else
        for (const [family, n] of Object.entries(value.maxPerFamily)) {
          const at = [...path, 'maxPerFamily', family];
          if (!(FAMILIES as readonly string[]).includes(family)) this.problem(at, `未知套餐大类 ${family} / unknown family`);
          else if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
            this.problem(at, `${family} 的上限须为非负整数 / the limit must be a non-negative integer`);
          else maxPerFamily[family as Family] = n;
        }
    }
    if (allow === undefined && deny === undefined && maxPerFamily === undefined)
      this.problem(path, '品类规则须有 allow、deny 或 maxPerFamily / a category rule needs allow, deny or maxPerFamily');
    for (const f of allow ?? []) if (deny?.includes(f)) this.problem([...path, 'deny'], `${f} 同时在 allow 与 deny 中，自相矛盾 / allowed and denied at once`);
    for (const f of Object.keys(maxPerFamily ?? {}) as Family[]) {
      if (deny?.includes(f) && maxPerFamily?.[f]) this.problem([...path, 'maxPerFamily', f], `${f} 已被 deny 禁止，却又给出上限 / denied yet given a limit`);
      if (allow && !allow.includes(f) && maxPerFamily?.[f])
        this.problem([...path, 'maxPerFamily', f], `${f} 不在 allow 中，却又给出上限 / not allowed yet given a limit`);
    }
    return { ...base, kind: 'category', scenarios, ...(allow ? { allow } : {}), ...(deny ? { deny } : {}), ...(maxPerFamily ? { maxPerFamily } : {}) };
  }

  /** Checks across rules: unique ids, and category limits that contradict each other. */
  crossCheck(document: RuleSetDocument): void {
    const seen = new Map<string, number>();
    document.rules.forEach((rule, i) => {
      if (!rule.id) return;
      const first = seen.get(rule.id);
      if (first !== undefined) this.problem(['rules', i, 'id'], `规则编号 ${rule.id} 与 rules[${first}] 重复 / duplicate rule id`);
      else seen.set(rule.id, i);
    });
    for (const scenario of SCENARIOS) {
      const limits = new Map<Family, { n: number; at: number }>();
      document.rules.forEach((rule, i) => {
        if (rule.kind !== 'category' || !rule.scenarios.includes(scenario)) return;
        for (const [family, n] of Object.entries(rule.maxPerFamily ?? {}) as [Family, number][]) {
          const other = limits.get(family);
          if (other && other.n !== n)
            this.problem(
              ['rules', i, 'maxPerFamily', family],
              `场景 ${scenario} 下 ${family} 的上限 ${n} 与 rules[${other.at}] 的 ${other.n} 矛盾 / contradicts another limit`,
            );
          else limits.set(family, { n, at: i });
        }
      });
      const allowSets = document.rules.flatMap((r, i) =>
        r.kind === 'category' && r.scenarios.includes(scenario) && r.allow ? [{ allow: r.allow, at: i }] : [],
      );
      if (allowSets.length > 1) {
        const common = FAMILIES.filter((f) => allowSets.every((s) => s.allow.includes(f)));
        if (common.length === 0)
          this.problem(['rules', allowSets[1].at, 'allow'], `场景 ${scenario} 的多条 allow 没有交集，任何套餐都无法推荐 / allow lists share no family`);
      }
    }
  }

  selector(value: unknown, path: Path, optional: boolean): Selector {
    if (value === undefined && optional) return {};
    if (!isRecord(value)) {
      this.problem(path, '选择器须为映射（packages/families/audiences/promotions/minMonthlyFee/maxMonthlyFee） / a selector must be a mapping');
      return {};
    }
    this.onlyKeys(value, path, ['packages', 'families', 'audiences', 'promotions', 'minMonthlyFee', 'maxMonthlyFee']);
    const s: Selector = {};
    if (value.packages !== undefined) s.packages = this.codes(value.packages, [...path, 'packages'], 'packages');
    if (value.promotions !== undefined) s.promotions = this.codes(value.promotions, [...path, 'promotions'], 'promotions');
    if (value.families !== undefined) s.families = this.enumList(value.families, [...path, 'families'], FAMILIES, true);
    if (value.audiences !== undefined) s.audiences = this.enumList(value.audiences, [...path, 'audiences'], AUDIENCES, true);
    for (const key of ['minMonthlyFee', 'maxMonthlyFee'] as const) {
      const n = value[key];
      if (n === undefined) continue;
      if (typeof n !== 'number' || !(n >= 0)) this.problem([...path, key], `${key} 须为非负金额（元） / must be a non-negative amount`);
      else s[key] = n;
    }
    if (s.minMonthlyFee !== undefined && s.maxMonthlyFee !== undefined && s.minMonthlyFee > s.maxMonthlyFee)
      this.problem([...path, 'maxMonthlyFee'], `月费上限 ${s.maxMonthlyFee} 低于下限 ${s.minMonthlyFee}，自相矛盾 / contradictory fee range`);
    return s;
  }

  condition(value: unknown, path: Path): Condition {
    const never: Condition = { any: [] };
    if (!isRecord(value)) {
      this.problem(path, '条件须为映射：all/any/not 或 attribute/op/value / a condition must be a mapping');
      return never;
    }
    for (const combinator of ['all', 'any'] as const) {
      if (combinator in value) {
        this.onlyKeys(value, path, [combinator]);
        const list = value[combinator];
        if (!Array.isArray(list) || list.length === 0) {
          this.problem([...path, combinator], `${combinator} 须为非空条件列表 / must be a non-empty list of conditions`);
          return never;
        }
        const items = list.map((c, i) => this.condition(c, [...path, combinator, i]));
        return combinator === 'all' ? { all: items } : { any: items };
      }
    }
    if ('not' in value) {
      this.onlyKeys(value, path, ['not']);
      return { not: this.condition(value.not, [...path, 'not']) };
    }
    this.onlyKeys(value, path, ['attribute', 'op', 'value']);
    const attribute = value.attribute;
    if (typeof attribute !== 'string' || !(attribute in ATTRIBUTES)) {
      this.problem([...path, 'attribute'], `未知客户属性 ${JSON.stringify(attribute)}，可用: ${Object.keys(ATTRIBUTES).join(', ')} / unknown attribute`);
      return never;
    }
    const spec = ATTRIBUTES[attribute as Attribute];
    const ops: readonly string[] = OPERATORS[spec.type];
    const given = value.op;
    if (typeof given !== 'string' || !ops.includes(given)) {
      this.problem([...path, 'op'], `${attribute} 不支持运算 ${JSON.stringify(given)}，可用: ${ops.join(', ')} / operator not valid for this attribute`);
      return never;
    }
    const op = given as Operator;
    const v = value.value;
    const at = [...path, 'value'];
    const allowed: readonly string[] | undefined = 'values' in spec ? spec.values : undefined;
    const checkEnum = (x: unknown, p: Path) => {
      if (allowed && !allowed.includes(String(x)))
        this.problem(p, `${attribute} 的取值 ${JSON.stringify(x)} 无效，可选: ${allowed.join(', ')} / invalid value`);
    };
    if (op === 'isEmpty' || op === 'isNotEmpty') {
      if (v !== undefined) this.problem(at, `${op} 不带 value / ${op} takes no value`);
    } else if (op === 'between') {
      if (!Array.isArray(v) || v.length !== 2 || v.some((x) => typeof x !== 'number'))
        this.problem(at, 'between 的 value 须为 [下限, 上限] / between needs [low, high]');
      else if (v[0] > v[1]) this.problem(at, `区间 [${v[0]}, ${v[1]}] 下限大于上限，自相矛盾 / contradictory range`);
    } else if (op === 'in' || op === 'notIn' || op === 'containsAny' || op === 'containsNone') {
      if (!Array.isArray(v) || v.length === 0) this.problem(at, `${op} 的 value 须为非空列表 / ${op} needs a non-empty list`);
      else
        v.forEach((x, i) => {
          if (typeof x === 'string') checkEnum(x, [...at, i]);
          else this.problem([...at, i], '须为字符串 / must be a string');
        });
    } else if (spec.type === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v)) this.problem(at, `${attribute} 须与数字比较 / needs a number`);
    } else {
      if (typeof v === 'boolean' && attribute === 'hasBroadband') return { attribute, op, value: String(v) };
      if (typeof v !== 'string') this.problem(at, `${attribute} 须与字符串比较 / needs a string`);
      else checkEnum(v, at);
    }
    return { attribute: attribute as Attribute, op, ...(v !== undefined ? { value: v } : {}) };
  }

  codes(value: unknown, path: Path, what: 'packages' | 'promotions'): string[] {
    if (!Array.isArray(value)) {
      this.problem(path, `${what} 须为编码列表 / must be a list of codes`);
      return [];
    }
    return value.flatMap((code, i) => {
      if (typeof code !== 'string') {
        this.problem([...path, i], '编码须为字符串 / a code must be a string');
        return [];
      }
      const known = what === 'packages' ? this.refs.packages.has(code) : this.refs.promotions.has(code);
      if (!known)
        this.problem(
          [...path, i],
          `${what === 'packages' ? '套餐' : '营销活动'} ${code} 在当前目录中不存在 / no such ${what === 'packages' ? 'package' : 'promotion'} in the catalogue`,
        );
      return [code];
    });
  }

  enumList<T extends string>(value: unknown, path: Path, allowed: readonly T[], nonEmpty: boolean): T[] {
    if (!Array.isArray(value) || (nonEmpty && value.length === 0)) {
      this.problem(path, `须为非空列表，可选: ${allowed.join(', ')} / must be a non-empty list`);
      return [];
    }
    return value.flatMap((x, i) => {
      if (typeof x !== 'string' || !(allowed as readonly string[]).includes(x)) {
        this.problem([...path, i], `无效取值 ${JSON.stringify(x)}，可选: ${allowed.join(', ')} / invalid value`);
        return [];
      }
      return [x as T];
    });
  }

  text(value: Record<string, unknown>, path: Path, key: string, required: boolean): string | undefined {
    const v = value[key];
    if (v === undefined || v === null) {
      if (required) this.problem([...path, key], `缺少 ${key} / ${key} is required`);
      return undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') {
      this.problem([...path, key], `${key} 须为非空文本 / ${key} must be non-empty text`);
      return undefined;
    }
    return v.trim();
  }

  date(value: Record<string, unknown>, path: Path, key: string): string | undefined {
    let v = value[key];
    if (v === undefined) return undefined;
    if (v instanceof Date) v = v.toISOString().slice(0, 10);
    if (typeof v !== 'string' || !DATE_PATTERN.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
      this.problem([...path, key], `${key} 须为日期 YYYY-MM-DD / must be a date`);
      return undefined;
    }
    return v;
  }

  onlyKeys(value: Record<string, unknown>, path: Path, allowed: string[]): void {
    for (const key of Object.keys(value))
      if (!allowed.includes(key)) this.problem([...path, key], `未知字段 ${key}，可用: ${allowed.join(', ')} / unknown field`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
