import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import { catalogToJson } from '../subgraphs/catalog/domain/import.js';
import { defaultRulesYaml } from '../subgraphs/catalog/seed.js';
import { startSubgraph } from './helpers/subgraph.js';
import { liveRows } from '../subgraphs/catalog/versions-store.js';
import {
  CatalogVersionPackagesDocument,
  CatalogVersionsDocument,
  ConversionDocument,
  ImportCatalogDocument,
  PublishRuleSetDocument,
  RecommendationPreviewDocument,
  RecommendationsDocument,
  RecordOutcomeDocument,
  RuleSetHistoryDocument,
  RuleSetInForceDocument,
  SaveRuleSetDraftDocument,
  ValidateRuleSetDocument,
} from './__generated__/graphql.js';
import { BACKENDS } from './helpers/backends.js';
import { insertCustomer } from './helpers/fixtures.js';
import { startTestGraph, TEST_CUSTOMERS, TEST_TODAY, type TestGraph } from './helpers/graph.js';

const ctx = seedContext(TEST_TODAY);
const zhenjiang = Array.from({ length: TEST_CUSTOMERS }, (_, i) => generateCustomer(i, ctx)).filter((c) => c.cityCode === 'zhenjiang');
/** A customer whose 12-month contract plan ends within a month: a RED renewal. */
const RENEWING = { id: 'CRENEW0001', msisdn: '13900000002' };

describe.each(BACKENDS)('recommendations and marketing rules through the gateway on $name', (backend) => {
  let graph: TestGraph;
  let clerk: string;
  let marketing: string;

  beforeAll(async () => {
    graph = await startTestGraph(backend);
    clerk = await graph.token('clerk');
    marketing = await graph.token('marketing');
    const db = graph.databases.get('customer-insight')!;
    await insertCustomer(db, { ...RENEWING, name: '续约测', currentPackage: '5GCX128-C12', arpuCents: 13000, tags: ['合约即将到期'] });
    await db.query(
      `INSERT INTO customer_insight.holding (id, customer_id, kind, name, package_code, start_date, end_date, monthly_fee_cents) VALUES ($1, $2, 'PACKAGE', '5G畅享套餐128元·12个月合约', '5GCX128-C12', '2025-12-10', '2026-12-10', 12200)`,
      [`${RENEWING.id}-H1`, RENEWING.id],
    );
    for (const [month, mb] of [
      ['2026-08', 20000],
      ['2026-09', 21000],
      ['2026-10', 22000],
    ] as const) {
      await db.query(
        `INSERT INTO customer_insight.usage_month (customer_id, month, data_mb, voice_minutes, sms_count, overage_cents) VALUES ($1, $2, $3, 300, 5, 0)`,
        [RENEWING.id, month, mb],
      );
    }
  });
  afterAll(async () => {
    await graph?.teardown();
  });

  const recommendations = async (msisdn: string, token = clerk, scenario: 'COUNTER' | 'RENEWAL' | 'RETENTION' | 'ADD_ON' = 'COUNTER', limit = 3) => {
    const { body } = await graph.request(RecommendationsDocument, { msisdn, scenario, limit }, token);
    expect(body.errors).toBeUndefined();
    return body.data!.customer!.recommendations!;
  };

  it('ranks explained cards for customers, all offered in the city, each ready for handle-it-all', async () => {
    for (const c of zhenjiang.slice(0, 15)) {
      const cards = await recommendations(c.msisdn);
      expect(cards.length).toBeGreaterThan(0);
      expect(cards.length).toBeLessThanOrEqual(3);
      expect(cards.map((x) => x.rank)).toEqual(cards.map((_, i) => i + 1));
      for (const card of cards) {
        expect(card.package.status).toBe('ONLINE');
        expect(card.package.cities).toContain('zhenjiang');
        // The model's estimate of acceptance: never a flat 0, however weak the fit.
        expect(card.fitScore).toBeGreaterThan(0);
        expect(card.fitScore).toBeLessThanOrEqual(1);
        expect(card.reasons.length).toBeGreaterThan(0);
        expect(card.reasons.every((r) => /[\u4e00-\u9fff]/.test(r.text))).toBe(true);
        expect(card.ruleSetVersion).toBe(1);
        expect(card.handleInput).toMatchObject({
          cardId: card.id,
          customerId: c.id,
          packageCode: card.package.code,
          tierCode: card.promotion?.tier.code ?? null,
        });
        if (card.promotion) expect(card.promotion.tier.minMonthlyFee).toBeLessThanOrEqual(card.package.monthlyFee);
      }
      // 5G plans at most two per list at the counter (CAT-COUNTER).
      expect(cards.filter((x) => x.package.family === 'FIVE_G').length).toBeLessThanOrEqual(2);
    }
  });

  it('puts the renewal mapping of a RED holding first, and may lower the fee only as a rule allows', async () => {
    const cards = await recommendations(RENEWING.msisdn, clerk, 'RENEWAL');
    expect(['5GCX128-C24', '5GCX158-C24']).toContain(cards[0].package.code);
    expect(cards[0].reasons[0]).toMatchObject({ ruleId: 'REN-5GCX128', effect: 'RANKED' });
    expect(cards[0].reasons[0].text).toMatch(/即将到期（红色/);
    const cheaper = cards.find((x) => x.package.code === '5GCX128-C24');
    expect(cheaper?.monthlyFeeChange).toBe(-7);
    expect(cheaper?.reasons.map((r) => r.ruleId)).toContain('DOWN-RENEWAL');
    expect(cards.every((x) => x.monthlyFeeChange >= -15)).toBe(true);
  });

  it('keeps catalogue and rules to marketing: a clerk gets FORBIDDEN', async () => {
    const yaml = defaultRulesYaml('镇江');
    const calls = [
      graph.request(PublishRuleSetDocument, { input: { yaml } }, clerk),
      graph.request(SaveRuleSetDraftDocument, { input: { yaml } }, clerk),
      graph.request(ValidateRuleSetDocument, { yaml }, clerk),
      graph.request(ImportCatalogDocument, { input: { format: 'CSV', packagesCsv: 'code\n' } }, clerk),
    ];
    for (const { body } of await Promise.all(calls)) expect(body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Conversion figures and draft previews are declared in the schema (@requiresScopes): the gateway refuses them itself.
    const conversion = await graph.request(ConversionDocument, { from: TEST_TODAY, to: TEST_TODAY, by: 'CITY' }, clerk);
    expect(conversion.body.errors?.[0]).toMatchObject({ path: ['recommendationConversion'], extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' } });
    const preview = await graph.request(RecommendationPreviewDocument, { msisdn: zhenjiang[0].msisdn, version: 1 }, clerk);
    expect(preview.body.errors?.[0]).toMatchObject({ path: ['customer', 'recommendationPreview'], extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' } });
    const { body } = await graph.request(RuleSetInForceDocument, {}, clerk);
    expect(body.data?.ruleSet?.version).toBe(1);
  });

  it('refuses an invalid rule set with every problem listed, leaving the running one untouched', async () => {
    const broken = `${defaultRulesYaml('镇江')}  - id: BAD-1
    kind: eligibility
    title: 引用不存在的套餐与属性
    appliesTo: { packages: [NO-SUCH-PLAN] }
    when: { attribute: zodiac, op: eq, value: 龙 }
  - id: BAD-2
    kind: category
    title: 自相矛盾
    scenarios: [COUNTER]
    maxPerFamily: { FIVE_G: 5 }
`;
    const before = await recommendations(zhenjiang[1].msisdn);
    const { body } = await graph.request(PublishRuleSetDocument, { input: { yaml: broken } }, marketing);
    expect(body.errors?.[0].extensions?.code).toBe('RULE_SET_INVALID');
    const problems = body.errors![0].extensions!.problems as { path: string; line: number; message: string }[];
    expect(problems.map((p) => p.path).sort()).toEqual(['rules[46].appliesTo.packages[0]', 'rules[46].when.attribute', 'rules[47].maxPerFamily.FIVE_G']);
    expect(problems.every((p) => p.line > 200)).toBe(true);
    const invalidYaml = await graph.request(PublishRuleSetDocument, { input: { yaml: 'name: [oops' } }, marketing);
    expect(invalidYaml.body.errors?.[0].extensions?.code).toBe('RULE_SET_INVALID');
    const { body: validation } = await graph.request(ValidateRuleSetDocument, { yaml: broken }, marketing);
    expect(validation.data?.validateRuleSet).toMatchObject({ valid: false, ruleCount: 0 });
    expect(validation.data?.validateRuleSet.problems).toHaveLength(3);
    const { body: inForce } = await graph.request(RuleSetInForceDocument, {}, marketing);
    expect(inForce.data?.ruleSet).toMatchObject({ version: 1, status: 'IN_FORCE' });
    expect(await recommendations(zhenjiang[1].msisdn)).toEqual(before);
  });

  it('renders the rule set and each rule as Chinese Markdown for the assistant', async () => {
    const { body } = await graph.request(RuleSetInForceDocument, {}, clerk);
    const set = body.data!.ruleSet!;
    expect(set.asMarkdown).toMatch(/^# 营销推荐规则：镇江市场部2026年冬季推荐规则/);
    expect(set.asMarkdown).toContain('- 版本：v1（IN_FORCE）');
    expect(set.rules.find((r) => r.id === 'APPR-QQT-TOP')?.asMarkdown).toMatch(/须先完成目标用户申报并经地市市场部审批通过/);
  });

  describe('publishing', () => {
    const PUSH_RIGHTS = `  - id: BOOST-MIGU
    kind: boost
    title: 咪咕视频会员冲量
    appliesTo: { packages: [QY5A] }
    weight: 1
  - id: CAT-RIGHTS-PUSH
    kind: category
    title: 柜台必推权益
    scenarios: [COUNTER]
    deny: [BASIC]
`;
    it('previews a draft side by side with the rules in force, for sample customers', async () => {
      const { body } = await graph.request(SaveRuleSetDraftDocument, { input: { yaml: defaultRulesYaml('镇江') + PUSH_RIGHTS, note: '冲量' } }, marketing);
      expect(body.data?.saveRuleSetDraft).toMatchObject({ version: 2, status: 'DRAFT' });
      const { body: inForce } = await graph.request(RuleSetInForceDocument, {}, marketing);
      expect(inForce.data?.ruleSet?.version).toBe(1);
      const sample = zhenjiang.slice(0, 5);
      let added = 0;
      for (const c of sample) {
        const { body: preview } = await graph.request(RecommendationPreviewDocument, { msisdn: c.msisdn, version: 2 }, marketing);
        expect(preview.errors).toBeUndefined();
        const p = preview.data!.customer!.recommendationPreview!;
        expect(p).toMatchObject({ currentVersion: 1, candidateVersion: 2 });
        expect(p.current.every((x) => x.ruleSetVersion === 1)).toBe(true);
        expect(p.candidate.every((x) => x.ruleSetVersion === 2)).toBe(true);
        if (p.added.includes('QY5A')) added++;
        expect(p.candidate.find((x) => x.package.code === 'QY5A')?.reasons.map((r) => r.ruleId)).toContain('BOOST-MIGU');
      }
      expect(added).toBeGreaterThan(0);
    });

    it('swaps every instance to a published rule set within a second, never half of one', async () => {
      // A second catalog instance on the same database, as a second server would run.
      const second = await startSubgraph('catalog', { db: graph.databases.get('catalog')!, bus: graph.bus });
      const clerkIdentity = { staffId: 'T1', name: 't', hall: 'zhenjiang-h01', city: 'zhenjiang', roles: ['clerk' as const] };
      const versionOnSecond = async () =>
        (await second.request<{ ruleSet: { version: number } }>('{ ruleSet { version } }', {}, clerkIdentity)).data!.ruleSet.version;
      try {
        expect(await versionOnSecond()).toBe(1);
        const during = Array.from({ length: 10 }, (_, i) => recommendations(zhenjiang[i % zhenjiang.length].msisdn, clerk, 'COUNTER', 5));
        const { body } = await graph.request(PublishRuleSetDocument, { input: { draftVersion: 2, note: '发布' } }, marketing);
        expect(body.data?.publishRuleSet).toMatchObject({ version: 2, status: 'IN_FORCE', publishedBy: expect.any(String) });
        // The other instance swaps within its poll interval (250 ms); the bound allows for a slow machine.
        await vi.waitFor(async () => expect(await versionOnSecond()).toBe(2), { timeout: 2000, interval: 10 });
        for (const cards of await Promise.all(during)) expect(new Set(cards.map((c) => c.ruleSetVersion)).size).toBe(1);
      } finally {
        await second.stop();
      }
      const after = await recommendations(zhenjiang[0].msisdn, clerk, 'COUNTER', 5);
      expect(after.every((c) => c.ruleSetVersion === 2 && c.package.family !== 'BASIC')).toBe(true);
      const { body: history } = await graph.request(RuleSetHistoryDocument, {}, marketing);
      expect(history.data?.ruleSets.map((r) => [r.version, r.status])).toEqual([
        [2, 'IN_FORCE'],
        [1, 'SUPERSEDED'],
      ]);
      const again = await graph.request(PublishRuleSetDocument, { input: { draftVersion: 2 } }, marketing);
      expect(again.body.errors?.[0].extensions?.code).toBe('CONFLICT');
    });

    it('schedules a rule set for a later effective time without touching the one in force', async () => {
      const { body } = await graph.request(
        PublishRuleSetDocument,
        { input: { yaml: defaultRulesYaml('镇江'), effectiveFrom: '2026-12-01T00:00:00+08:00' } },
        marketing,
      );
      expect(body.data?.publishRuleSet).toMatchObject({ version: 3, status: 'SCHEDULED', effectiveFrom: '2026-11-30T16:00:00.000Z' });
      const { body: inForce } = await graph.request(RuleSetInForceDocument, {}, clerk);
      expect(inForce.data?.ruleSet?.version).toBe(2);
      const { body: v1 } = await graph.request(RuleSetInForceDocument, { version: 1 }, clerk);
      expect(v1.data?.ruleSet).toMatchObject({ version: 1, status: 'SUPERSEDED', publishedBy: 'seed' });
    });
  });

  describe('catalogue versions', () => {
    const exported = async () =>
      JSON.parse(catalogToJson(await liveRows(graph.databases.get('catalog')!))) as { packages: Record<string, unknown>[]; promotions: unknown[] };

    it('imports a whole catalogue as a new version; the previous stays readable', async () => {
      const doc = await exported();
      const plan = doc.packages.find((p) => p.code === '5GCX128')!;
      plan.monthlyFee = 118;
      doc.packages.push({ ...plan, code: '5GCX148', name: '5G畅享套餐148元', monthlyFee: 148, dataGb: 35 });
      // 5GCX128 is sold in all 13 cities: the province's marketing changes it.
      const { body } = await graph.request(
        ImportCatalogDocument,
        { input: { format: 'JSON', json: JSON.stringify(doc), note: '12月调价' } },
        await graph.token('province_marketing', 'nanjing'),
      );
      expect(body.errors).toBeUndefined();
      expect(body.data?.importCatalog.problems).toEqual([]);
      expect(body.data?.importCatalog.version).toMatchObject({ version: 2, source: 'IMPORT', packageCount: 576, current: true });
      const { body: versions } = await graph.request(CatalogVersionsDocument, {}, clerk);
      expect(versions.data?.catalogVersions.map((v) => [v.version, v.source, v.current])).toEqual([
        [2, 'IMPORT', true],
        [1, 'SEED', false],
      ]);
      const { body: old } = await graph.request(CatalogVersionPackagesDocument, { version: 1, family: 'FIVE_G' }, clerk);
      expect(old.data?.catalogVersion?.packages.find((p) => p.code === '5GCX128')?.monthlyFee).toBe(128);
      expect(old.data?.catalogVersion?.packages.find((p) => p.code === '5GCX148')).toBeUndefined();
      const { body: now } = await graph.request(CatalogVersionPackagesDocument, { version: 2, family: 'FIVE_G' }, clerk);
      expect(now.data?.catalogVersion?.packages.find((p) => p.code === '5GCX128')?.monthlyFee).toBe(118);
      const cards = await recommendations(zhenjiang[2].msisdn);
      expect(cards.every((c) => c.catalogVersion === 2)).toBe(true);
    });

    it('imports nothing when any row is bad, and says which rows and why', async () => {
      const doc = await exported();
      doc.packages[3].monthlyFee = -1;
      doc.packages[10].family = 'SIX_G';
      const { body } = await graph.request(ImportCatalogDocument, { input: { format: 'JSON', json: JSON.stringify(doc, null, 2) } }, marketing);
      expect(body.errors).toBeUndefined();
      const problems = body.data!.importCatalog.problems;
      expect(body.data?.importCatalog.version).toBeNull();
      expect(problems.map((p) => [p.record, p.field])).toEqual([
        ['packages[3]', 'monthlyFee'],
        ['packages[10]', 'family'],
      ]);
      expect(problems.every((p) => p.line! > 1)).toBe(true);
      const csv = await graph.request(ImportCatalogDocument, { input: { format: 'CSV', packagesCsv: 'code,name\nX,y\n' } }, marketing);
      expect(csv.body.data?.importCatalog.version).toBeNull();
      expect(csv.body.data?.importCatalog.problems.length).toBeGreaterThan(0);
      const { body: versions } = await graph.request(CatalogVersionsDocument, {}, clerk);
      expect(versions.data?.catalogVersions[0].version).toBe(2);
    });

    it('refuses a catalogue that drops a package a rule in force names', async () => {
      const doc = await exported();
      doc.packages = doc.packages.filter((p) => p.code !== '5GCX128-C24');
      const { body } = await graph.request(
        ImportCatalogDocument,
        { input: { format: 'JSON', json: JSON.stringify(doc) } },
        await graph.token('province_marketing', 'nanjing'),
      );
      expect(body.data?.importCatalog.version).toBeNull();
      expect(body.data?.importCatalog.problems.some((p) => /REN-5GCX128.*5GCX128-C24/.test(p.message))).toBe(true);
    });
  });

  describe('outcomes and conversion', () => {
    it('records outcomes once per card and outcome, and reports 推荐办理率 by dimension', async () => {
      const cards = await recommendations(zhenjiang[3].msisdn);
      const record = (cardId: string, outcome: 'SHOWN' | 'ACCEPTED' | 'DECLINED' | 'DEFERRED' | 'ORDERED', extra: { reason?: string; orderId?: string } = {}) =>
        graph.request(RecordOutcomeDocument, { input: { cardId, outcome, ...extra } }, clerk);
      for (const card of cards) expect((await record(card.id, 'SHOWN')).body.data?.recordRecommendationOutcome.duplicate).toBe(false);
      expect((await record(cards[0].id, 'SHOWN')).body.data?.recordRecommendationOutcome.duplicate).toBe(true);
      expect((await record(cards[0].id, 'ACCEPTED')).body.data?.recordRecommendationOutcome).toMatchObject({
        outcome: 'ACCEPTED',
        packageCode: cards[0].package.code,
        customerId: zhenjiang[3].id,
      });
      expect((await record(cards[0].id, 'ORDERED', { orderId: 'O-1' })).body.errors).toBeUndefined();
      expect((await record(cards[1].id, 'DECLINED')).body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
      expect((await record(cards[1].id, 'DECLINED', { reason: '嫌贵' })).body.data?.recordRecommendationOutcome.reason).toBe('嫌贵');
      const forged = `${cards[2].id.slice(0, -3)}AAA`;
      expect((await record(forged, 'SHOWN')).body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.cardId' });

      const { body } = await graph.request(ConversionDocument, { from: TEST_TODAY, to: TEST_TODAY, by: 'CITY' }, marketing);
      expect(body.data?.recommendationConversion).toEqual([
        {
          key: 'zhenjiang',
          shown: cards.length,
          accepted: 1,
          declined: 1,
          deferred: 0,
          ordered: 1,
          conversionRate: Math.round((1 / cards.length) * 10000) / 10000,
          acceptanceRate: Math.round((1 / cards.length) * 10000) / 10000,
        },
      ]);
      const manager = await graph.token('hall_manager');
      const { body: byPackage } = await graph.request(ConversionDocument, { from: TEST_TODAY, to: TEST_TODAY, by: 'PACKAGE' }, manager);
      expect(byPackage.data?.recommendationConversion[0]).toMatchObject({ key: cards[0].package.code, shown: 1, ordered: 1, conversionRate: 1 });
      const { body: byRule } = await graph.request(ConversionDocument, { from: TEST_TODAY, to: TEST_TODAY, by: 'RULE' }, marketing);
      expect(byRule.data?.recommendationConversion.map((r) => r.key)).toEqual(
        expect.arrayContaining(cards[0].reasons.flatMap((r) => (r.ruleId ? [r.ruleId] : []))),
      );
      const { body: yesterday } = await graph.request(ConversionDocument, { from: '2026-11-01', to: '2026-11-23', by: 'CITY' }, marketing);
      expect(yesterday.data?.recommendationConversion).toEqual([]);
      const { body: backwards } = await graph.request(ConversionDocument, { from: TEST_TODAY, to: '2026-11-01', by: 'CITY' }, marketing);
      expect(backwards.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });
  });
});
