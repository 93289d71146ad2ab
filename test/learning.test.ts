import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import { defaultRulesYaml } from '../subgraphs/catalog/seed.js';
import {
  PublishRuleSetDocument,
  RecommendationsDocument,
  RecordOutcomeDocument,
  type RecommendationsQuery,
  type RecommendationScenario,
} from './__generated__/graphql.js';
import { pglite } from './helpers/backends.js';
import { postJson, startTestGraph, TEST_TODAY, type TestGraph } from './helpers/graph.js';
import { startSubgraph } from './helpers/subgraph.js';

const CUSTOMERS = 400;
const ctx = seedContext(TEST_TODAY);
const zhenjiang = Array.from({ length: CUSTOMERS }, (_, i) => generateCustomer(i, ctx)).filter((c) => c.cityCode === 'zhenjiang');
const training = zhenjiang.slice(0, Math.floor(zhenjiang.length * 0.7));
const holdout = zhenjiang.slice(training.length);
type Card = NonNullable<NonNullable<RecommendationsQuery['customer']>['recommendations']>[number];

describe('recommendations that learn from outcomes', () => {
  let graph: TestGraph;
  let clerk: string;

  beforeAll(async () => {
    graph = await startTestGraph(pglite, { customers: CUSTOMERS });
    clerk = await graph.token('clerk');
  });
  afterAll(async () => {
    await graph?.teardown();
  });

  const cards = async (msisdn: string, limit: number, scenario: RecommendationScenario = 'COUNTER'): Promise<Card[]> => {
    const { body } = await graph.request(RecommendationsDocument, { msisdn, scenario, limit }, clerk);
    expect(body.errors).toBeUndefined();
    return body.data!.customer!.recommendations!;
  };
  const share = async (family: string) => {
    let hits = 0;
    let shown = 0;
    for (const c of holdout) {
      const top = await cards(c.msisdn, 3);
      shown += top.length;
      hits += top.filter((k) => k.package.family === family).length;
    }
    return hits / Math.max(shown, 1);
  };

  it('ranks the next customers by what this hall’s customers accepted, on every instance, with no restart', async () => {
    // A family the rules rank low for these customers: often eligible, seldom in the top 3.
    const low = new Map<string, number>();
    for (const c of holdout.slice(0, 30)) for (const k of (await cards(c.msisdn, 10)).slice(3)) low.set(k.package.family, (low.get(k.package.family) ?? 0) + 1);
    const liked = [...low].sort((a, b) => b[1] - a[1])[0][0];
    const before = await share(liked);

    // The hall's customers take that family and decline the rest.
    let taught = 0;
    for (const c of training) {
      for (const k of await cards(c.msisdn, 6)) {
        await graph.request(RecordOutcomeDocument, { input: { cardId: k.id, outcome: 'SHOWN' } }, clerk);
        const accepted = k.package.family === liked;
        const { body } = await graph.request(
          RecordOutcomeDocument,
          { input: { cardId: k.id, outcome: accepted ? 'ACCEPTED' : 'DECLINED', reason: accepted ? null : '不需要' } },
          clerk,
        );
        expect(body.errors).toBeUndefined();
        taught++;
      }
    }
    expect(taught).toBeGreaterThan(300);

    // Learnt within the poll interval, on this instance …
    // (Without learning the share stays where it was: the rules alone rank the same cards the same way.)
    const risen = (x: number) => x >= Math.max(2 * before, before + 0.1);
    await vi.waitFor(async () => expect(risen(await share(liked))).toBe(true), { timeout: 10_000, interval: 250 });

    // … and on a second instance started now: it reads the same outcomes and ranks alike.
    const second = await startSubgraph('catalog', { db: graph.databases.get('catalog')!, bus: graph.bus, listen: true });
    const through = await graph.startGateway({ subgraphUrls: { ...Object.fromEntries(graph.subgraphs.map((s) => [s.name, s.url])), catalog: second.url! } });
    try {
      for (const c of holdout.slice(0, 10)) {
        const { body } = await postJson(
          through.url,
          { query: print(RecommendationsDocument), variables: { msisdn: c.msisdn, scenario: 'COUNTER', limit: 3 } },
          clerk,
        );
        const there = (body.data as RecommendationsQuery).customer!.recommendations!;
        const here = await cards(c.msisdn, 3);
        expect(there.map((k) => [k.package.code, k.fitScore])).toEqual(here.map((k) => [k.package.code, k.fitScore]));
      }
    } finally {
      await through.close();
      await second.stop();
    }

    // The estimate is what the outcomes said: the liked family's cards score above the others.
    const fits = { liked: [] as number[], other: [] as number[] };
    for (const c of holdout.slice(0, 20)) for (const k of await cards(c.msisdn, 6)) (k.package.family === liked ? fits.liked : fits.other).push(k.fitScore);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(fits.liked)).toBeGreaterThan(0.5);
    expect(mean(fits.other)).toBeLessThan(0.2);
  });

  it('explores only within the limits marketing sets in the rule set', async () => {
    // The first test taught the city's model hundreds of outcomes: past the default's 100, it explores.
    const marketing = await graph.token('marketing');
    const tried = (shown: Card[]) => shown.filter((k) => k.reasons.some((r) => r.text.startsWith('试推'))).length;
    const survey = async (limit: number) => {
      const counts = { most: 0, total: 0, retention: 0 };
      for (const c of holdout) {
        const n = tried(await cards(c.msisdn, limit));
        counts.most = Math.max(counts.most, n);
        counts.total += n;
        counts.retention += tried(await cards(c.msisdn, limit, 'RETENTION'));
      }
      return counts;
    };
    const publish = async (exploration: string) => {
      const yaml = defaultRulesYaml('镇江').replace(/^exploration:.*$/m, `exploration: ${exploration}`);
      const { body } = await graph.request(PublishRuleSetDocument, { input: { yaml } }, marketing);
      expect(body.errors).toBeUndefined();
      return body.data!.publishRuleSet.version;
    };

    // The default: one card in three, never in RETENTION.
    const byDefault = await survey(6);
    expect(byDefault.total).toBeGreaterThan(0);
    expect(byDefault.most).toBeLessThanOrEqual(2);
    expect(byDefault.retention).toBe(0);

    // Marketing stops exploring: in force within the live poll, nothing is tried any more.
    await publish('{ scenarios: [] }');
    await vi.waitFor(async () => expect(await survey(6)).toEqual({ most: 0, total: 0, retention: 0 }), { timeout: 10_000, interval: 250 });

    // One in two, RETENTION included: more may be tried, never more than half.
    await publish('{ oneIn: 2, scenarios: [COUNTER, RETENTION], after: 0 }');
    await vi.waitFor(async () => expect((await survey(6)).retention).toBeGreaterThan(0), { timeout: 10_000, interval: 250 });
    const wider = await survey(6);
    expect(wider.most).toBeLessThanOrEqual(3);
    expect(wider.total).toBeGreaterThanOrEqual(byDefault.total);
  });
});
