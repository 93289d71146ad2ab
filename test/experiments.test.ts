import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import { armOf } from '../subgraphs/catalog/domain/experiment.js';
import { defaultRulesYaml } from '../subgraphs/catalog/seed.js';
import {
  PromoteRuleSetExperimentDocument,
  RecommendationsDocument,
  RecordOutcomeDocument,
  RuleSetExperimentsDocument,
  RuleSetInForceDocument,
  SaveRuleSetDraftDocument,
  StartRuleSetExperimentDocument,
  StopRuleSetExperimentDocument,
} from './__generated__/graphql.js';
import { pglite } from './helpers/backends.js';
import { startTestGraph, TEST_CUSTOMERS, TEST_TODAY, type TestGraph } from './helpers/graph.js';

const ctx = seedContext(TEST_TODAY);
const zhenjiang = Array.from({ length: TEST_CUSTOMERS }, (_, i) => generateCustomer(i, ctx)).filter((c) => c.cityCode === 'zhenjiang');
/** A draft that shows no 5G plan at the counter: which arm ranked a card is plain from the card. */
const NO_5G = `${defaultRulesYaml('镇江')}  - id: EXP-NO-5G
    kind: exclusion
    title: 实验：柜台不推5G个人套餐
    appliesTo: { families: [FIVE_G] }
    when: { attribute: arpu, op: gte, value: 0 }
`;

describe('rule-set experiments through the gateway', () => {
  let graph: TestGraph;
  let clerk: string;
  let marketing: string;

  beforeAll(async () => {
    graph = await startTestGraph(pglite);
    clerk = await graph.token('clerk');
    marketing = await graph.token('marketing');
  });
  afterAll(async () => {
    await graph?.teardown();
  });

  const cards = async (msisdn: string) => {
    const { body } = await graph.request(RecommendationsDocument, { msisdn, scenario: 'COUNTER', limit: 3 }, clerk);
    expect(body.errors).toBeUndefined();
    return body.data!.customer!.recommendations!;
  };
  const draft = async (yaml: string) => {
    const { body } = await graph.request(SaveRuleSetDraftDocument, { input: { yaml } }, marketing);
    expect(body.errors).toBeUndefined();
    return body.data!.saveRuleSetDraft.version;
  };
  const experiments = async () => {
    const { body } = await graph.request(RuleSetExperimentsDocument, {}, marketing);
    expect(body.errors).toBeUndefined();
    return body.data!.ruleSetExperiments;
  };

  it('splits customers stably between a draft and the rules in force, reports each arm with an interval, and promotes the draft', async () => {
    const version = await draft(NO_5G);
    const started = await graph.request(
      StartRuleSetExperimentDocument,
      { input: { draftVersion: version, share: 0.5, split: 'CUSTOMER', name: '柜台不推5G' } },
      marketing,
    );
    expect(started.body.errors).toBeUndefined();
    const experiment = started.body.data!.startRuleSetExperiment;
    expect(experiment).toMatchObject({ status: 'RUNNING', candidateVersion: version, share: 0.5 });

    // One experiment per city at a time; clerks neither see nor run them.
    const second = await graph.request(
      StartRuleSetExperimentDocument,
      { input: { draftVersion: version, share: 0.2, split: 'HALL', name: '再来一个' } },
      marketing,
    );
    expect(second.body.errors?.[0].extensions?.code).toBe('CONFLICT');
    const byClerk = await graph.request(RuleSetExperimentsDocument, {}, clerk);
    expect(byClerk.body.errors?.[0].extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');

    // Customers in the draft's arm never see a 5G plan; the others do, as before; a customer keeps their arm.
    const served = zhenjiang.slice(0, 60);
    const expected = { CONTROL: { shown: 0, accepted: 0, fiveG: 0 }, CANDIDATE: { shown: 0, accepted: 0, fiveG: 0 } };
    for (const c of served) {
      // Asked twice (the model may learn in between: the cards may move, the arm may not).
      const first = await cards(c.msisdn);
      const again = await cards(c.msisdn);
      const arm = expected[armOf({ ...experiment, candidateVersion: version }, c.id, null)];
      arm.fiveG += [...first, ...again].filter((k) => k.package.family === 'FIVE_G').length;
      for (const [i, k] of first.entries()) {
        await graph.request(RecordOutcomeDocument, { input: { cardId: k.id, outcome: 'SHOWN' } }, clerk);
        arm.shown++;
        // Every other customer takes the first card shown.
        if (i === 0 && served.indexOf(c) % 2 === 0) {
          await graph.request(RecordOutcomeDocument, { input: { cardId: k.id, outcome: 'ACCEPTED' } }, clerk);
          arm.accepted++;
        }
      }
    }
    expect(expected.CANDIDATE.fiveG).toBe(0);
    expect(expected.CONTROL.fiveG).toBeGreaterThan(0);
    expect(expected.CANDIDATE.shown).toBeGreaterThan(30);
    expect(expected.CONTROL.shown).toBeGreaterThan(30);

    const [report] = await experiments();
    expect(report.id).toBe(experiment.id);
    expect(report.arms.map((a) => [a.arm, a.ruleSetVersions, a.shown, a.accepted, a.ordered])).toEqual([
      ['CONTROL', [1], expected.CONTROL.shown, expected.CONTROL.accepted, 0],
      ['CANDIDATE', [version], expected.CANDIDATE.shown, expected.CANDIDATE.accepted, 0],
    ]);
    for (const a of report.arms) {
      expect(a.acceptanceRate).toBeCloseTo(a.accepted / a.shown, 10);
      expect(a.acceptanceInterval.low).toBeLessThan(a.acceptanceRate);
      expect(a.acceptanceInterval.high).toBeGreaterThan(a.acceptanceRate);
      expect(a.orderInterval.low).toBe(0);
    }

    // Promoted: the draft is the rules in force for everyone, and the experiment is over.
    const promoted = await graph.request(PromoteRuleSetExperimentDocument, { id: experiment.id }, marketing);
    expect(promoted.body.errors).toBeUndefined();
    expect(promoted.body.data!.promoteRuleSetExperiment).toMatchObject({ status: 'PROMOTED' });
    const inForce = await graph.request(RuleSetInForceDocument, {}, marketing);
    expect(inForce.body.data?.ruleSet?.version).toBe(version);
    for (const c of served.slice(0, 20)) expect((await cards(c.msisdn)).some((k) => k.package.family === 'FIVE_G')).toBe(false);
    const again = await graph.request(StopRuleSetExperimentDocument, { id: experiment.id }, marketing);
    expect(again.body.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('splits by hall: one clerk’s customers are all in one arm; stopped, everyone is back on the rules in force', async () => {
    const version = await draft(defaultRulesYaml('镇江').replace('name: "镇江市场部2026年冬季推荐规则"', 'name: "按厅实验"'));
    const { body } = await graph.request(
      StartRuleSetExperimentDocument,
      { input: { draftVersion: version, share: 0.5, split: 'HALL', name: '按厅' } },
      marketing,
    );
    expect(body.errors).toBeUndefined();
    const experiment = body.data!.startRuleSetExperiment;
    for (const c of zhenjiang.slice(0, 20))
      for (const k of await cards(c.msisdn)) await graph.request(RecordOutcomeDocument, { input: { cardId: k.id, outcome: 'SHOWN' } }, clerk);
    const report = (await experiments()).find((e) => e.id === experiment.id)!;
    expect(report.arms.filter((a) => a.shown > 0)).toHaveLength(1);
    const stopped = await graph.request(StopRuleSetExperimentDocument, { id: experiment.id }, marketing);
    expect(stopped.body.data?.stopRuleSetExperiment).toMatchObject({ status: 'STOPPED', endedAt: expect.any(String) });
    const inForce = (await graph.request(RuleSetInForceDocument, {}, marketing)).body.data!.ruleSet!.version;
    expect(inForce).not.toBe(version);
    // Cards ranked now carry no experiment: their outcomes count for no arm.
    for (const c of zhenjiang.slice(0, 5))
      for (const k of await cards(c.msisdn)) await graph.request(RecordOutcomeDocument, { input: { cardId: k.id, outcome: 'SHOWN' } }, clerk);
    const after = (await experiments()).find((e) => e.id === experiment.id)!;
    expect(after.arms).toEqual(report.arms);
  });
});
