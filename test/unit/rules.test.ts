import { describe, expect, it } from 'vitest';
import { defaultRules, seededSnapshot } from '../helpers/seeded-recommender.js';
import { catalogReferencesOf } from '../../subgraphs/catalog/admin.js';
import { ruleSetMarkdown } from '../../subgraphs/catalog/domain/rules/markdown.js';
import { parseRuleSet } from '../../subgraphs/catalog/domain/rules/parse.js';
import { defaultRulesYaml, seedCatalogRows } from '../../subgraphs/catalog/seed.js';

const refs = catalogReferencesOf(seedCatalogRows('2026-11-24'));
const problemsOf = (yaml: string) => {
  const r = parseRuleSet(yaml, refs);
  return r.ok ? [] : r.problems;
};

describe('rule-set YAML', () => {
  it('accepts the default rules: every kind, written as marketing would', () => {
    const r = parseRuleSet(defaultRulesYaml('镇江'), refs);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(new Set(r.document.rules.map((x) => x.kind))).toEqual(
      new Set(['eligibility', 'exclusion', 'category', 'boost', 'approval', 'renewal', 'downgrade']),
    );
    expect(r.document.name).toBe('镇江市场部2026年冬季推荐规则');
  });

  it('reads marketing’s exploration limits, defaults when absent, and refuses bad ones at their lines', () => {
    const r = parseRuleSet(defaultRulesYaml('镇江'), refs);
    expect(r.ok && r.document.exploration).toEqual({ oneIn: 3, scenarios: ['COUNTER', 'RENEWAL', 'ADD_ON'], after: 100 });
    const partial = parseRuleSet('name: x\nexploration: { scenarios: [] }\nrules: []\n', refs);
    expect(partial.ok && partial.document.exploration).toEqual({ oneIn: 3, scenarios: [], after: 100 });
    const problems = problemsOf(
      ['name: x', 'exploration:', '  oneIn: 1', '  scenarios: [COUNTER, LOBBY]', '  after: -5', '  share: 0.3', 'rules: []'].join('\n'),
    );
    expect(problems.map((p) => [p.path, p.line])).toEqual([
      ['exploration.oneIn', 3],
      ['exploration.scenarios[1]', 4],
      ['exploration.after', 5],
      ['exploration.share', 6],
    ]);
  });

  it('reports invalid YAML with its line', () => {
    const problems = problemsOf('name: x\nrules:\n  - id: A\n    kind: [unclosed\n');
    expect(problems[0].message).toMatch(/YAML/);
    expect(problems[0].line).toBeGreaterThanOrEqual(4);
  });

  it('lists every problem at once, each with its document path and line', () => {
    const yaml = [
      'name: 测试规则', // 1
      'rules:', // 2
      '  - id: E1', // 3
      '    kind: eligibility', // 4
      '    title: 未知属性', // 5
      '    when: { attribute: shoeSize, op: gt, value: 40 }', // 6
      '  - id: E1', // 7
      '    kind: renewal', // 8
      '    title: 不存在的套餐', // 9
      '    from: { packages: [5GCX128-C12] }', // 10
      '    offer: [NO-SUCH-PLAN, 5GCX128-2023]', // 11
      '  - id: C1', // 12
      '    kind: category', // 13
      '    title: 自相矛盾', // 14
      '    scenarios: [COUNTER]', // 15
      '    allow: [FIVE_G]', // 16
      '    deny: [FIVE_G]', // 17
      '  - id: C2', // 18
      '    kind: category', // 19
      '    title: 上限矛盾', // 20
      '    scenarios: [COUNTER]', // 21
      '    maxPerFamily: { FAMILY: 1 }', // 22
      '  - id: C3', // 23
      '    kind: category', // 24
      '    title: 上限矛盾2', // 25
      '    scenarios: [COUNTER]', // 26
      '    maxPerFamily: { FAMILY: 3 }', // 27
      '  - id: B1', // 28
      '    kind: boost', // 29
      '    title: 日期颠倒', // 30
      '    appliesTo: { families: [FAMILY], minMonthlyFee: 300, maxMonthlyFee: 100 }', // 31
      '    weight: 3', // 32
      '    from: 2026-12-31', // 33
      '    to: 2026-12-01', // 34
      '    colour: red', // 35
    ].join('\n');
    const problems = problemsOf(yaml);
    const at = (path: string) => problems.filter((p) => p.path === path);
    expect(at('rules[0].when.attribute')[0]).toMatchObject({ line: 6 });
    expect(at('rules[0].when.attribute')[0].message).toMatch(/未知客户属性.*shoeSize/);
    expect(at('rules[1].id')[0]).toMatchObject({ line: 7 });
    expect(at('rules[1].id')[0].message).toMatch(/重复/);
    expect(at('rules[1].offer[0]')[0].message).toMatch(/NO-SUCH-PLAN.*不存在/);
    expect(at('rules[1].offer[1]')[0].message).toMatch(/已下线/);
    expect(at('rules[2].deny')[0]).toMatchObject({ line: 17 });
    expect(at('rules[4].maxPerFamily.FAMILY')[0]).toMatchObject({ line: 27 });
    expect(at('rules[4].maxPerFamily.FAMILY')[0].message).toMatch(/矛盾/);
    expect(at('rules[5].appliesTo.maxMonthlyFee')[0].message).toMatch(/矛盾/);
    expect(at('rules[5].weight')).toHaveLength(1);
    expect(at('rules[5].to')[0]).toMatchObject({ line: 34 });
    expect(at('rules[5].colour')[0].message).toMatch(/未知字段/);
    expect(problems.length).toBe(10);
  });

  it('checks operators and values against the attribute', () => {
    const yaml = `name: x
rules:
  - id: A
    kind: eligibility
    title: t
    when:
      all:
        - { attribute: arpu, op: contains, value: 3 }
        - { attribute: segment, op: eq, value: ROYALTY }
        - { attribute: tenureMonths, op: between, value: [24, 12] }
        - { attribute: tags, op: containsAny, value: [] }
`;
    const messages = problemsOf(yaml).map((p) => `${p.path} ${p.message}`);
    expect(messages).toHaveLength(4);
    expect(messages[0]).toMatch(/^rules\[0\]\.when\.all\[0\]\.op .*不支持运算/);
    expect(messages[1]).toMatch(/ROYALTY/);
    expect(messages[2]).toMatch(/下限大于上限/);
    expect(messages[3]).toMatch(/非空列表/);
  });

  it('renders the rule set as Chinese Markdown an LLM can follow, citing every rule id', () => {
    const r = parseRuleSet(defaultRulesYaml('镇江'), refs);
    if (!r.ok) throw new Error('default rules invalid');
    const md = ruleSetMarkdown(r.document, { version: 3, city: 'zhenjiang', effectiveFrom: '2026-11-24T00:00:00.000Z', status: 'IN_FORCE' });
    expect(md).toMatch(/^# 营销推荐规则：镇江市场部2026年冬季推荐规则/);
    for (const rule of r.document.rules) expect(md).toContain(`【${rule.id}】`);
    expect(md).toContain('校园版仅在客户满足 「客户分群」等于 YOUTH 时可以推荐');
    expect(md).toContain('每类最多推荐：5G个人套餐2个');
    expect(md).toContain('须先完成目标用户申报');
    expect(md).toContain('降幅不超过30元/月');
  });
});

describe('the default rule set', () => {
  it('asks approval for what each approval rule is titled for: APPR-QQT-TOP for 全球通 of ¥588 and up only', () => {
    const snapshot = seededSnapshot('2026-11-24');
    const rules = defaultRules('zhenjiang', snapshot, '2026-11-24');
    const under = [...snapshot.packages.values()].filter((p) => rules.perPackage.get(p.code)?.approval.some((r) => r.id === 'APPR-QQT-TOP'));
    expect(under.length).toBeGreaterThan(0);
    for (const p of under) {
      expect(p.name).toContain('全球通');
      expect(p.monthlyFee).toBeGreaterThanOrEqual(588);
    }
  });
});
