/**
 * The world the hall simulator serves: Zhenjiang's seeded customers, the catalogue and rules in
 * force, and a hidden taste the recommender cannot read (offsets per hall × package family and per
 * segment × package, beside price and fit), with the baselines the graph is measured against. The
 * simulator over HTTP (`bench/hall-simulator.ts`) and its in-process replica (`bench/hall-replica.ts`)
 * share it, so both face the same customers and the same taste.
 */
import { generateCustomer, seedContext, type SeedCustomer } from '../../lib/seed/customers.js';
import { rngFor } from '../../lib/seed/rng.js';
import { eligibleOffers, renewalsDue, violations } from '../../test/helpers/hard-rules.js';
import { TEST_TODAY } from '../../test/helpers/graph.js';
import { defaultRules, seededFacts, seededSnapshot } from '../../test/helpers/seeded-recommender.js';

export interface Offer {
  package: { code: string; family: string; monthlyFee: number; dataGb: number };
  monthlyFeeChange: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export function hallWorld(customers: number, world = 0) {
  const ctx = seedContext(TEST_TODAY);
  const zhenjiang = Array.from({ length: customers }, (_, i) => generateCustomer(i, ctx)).filter((c) => c.cityCode === 'zhenjiang');
  const snapshot = seededSnapshot(TEST_TODAY);
  const rules = defaultRules('zhenjiang', snapshot, TEST_TODAY);
  const doc = { name: rules.name, rules: [...rules.rules] };
  // What no rule or attribute says, only outcomes can teach. Each offset is drawn from its own
  // seeded stream, so the world is the same whatever the graph shows first.
  const offsets = new Map<string, number>();
  const offset = (key: string, sd: number) => {
    let v = offsets.get(key);
    if (v === undefined) offsets.set(key, (v = rngFor(`hall-simulator-taste|${key}`, world).normal() * sd));
    return v;
  };
  /** The chance this customer accepts this offer. */
  const acceptance = (c: SeedCustomer, card: Offer): number => {
    const arpu = Math.max(c.arpuCents / 100, 20);
    const usedGb = Math.max(...c.usage.map((u) => u.dataMb / 1024));
    const fit = card.package.dataGb >= usedGb ? 0.4 : -0.4;
    const price = -Math.max(0, card.monthlyFeeChange) / arpu;
    return sigmoid(-2 + offset(`${c.hallCode}|${card.package.family}`, 1.2) + offset(`${c.segment}|${card.package.code}`, 0.8) + fit + price);
  };
  /** The chance a customer takes one of the cards: what a policy is worth. */
  const worth = (c: SeedCustomer, cards: Offer[]) => 1 - cards.reduce((q, k) => q * (1 - acceptance(c, k)), 1);
  /**
   * The first 3 cards of an order that may be shown together, as the rules say: the renewals
   * marketing's rules put first (RED before YELLOW) lead, and no set breaks a hard rule.
   */
  const showable = <T extends Offer>(c: SeedCustomer, order: T[]): T[] => {
    const facts = seededFacts(c, TEST_TODAY);
    const due = renewalsDue(doc, facts, snapshot);
    const chosen: T[] = [];
    for (const card of [...order].sort((a, b) => (due.get(b.package.code) ?? 0) - (due.get(a.package.code) ?? 0))) {
      if (chosen.length === 3) break;
      const trial = [...chosen, card].map((s) => ({ package: snapshot.packages.get(s.package.code)! }));
      if (violations(trial, doc, facts, snapshot, 'COUNTER', 3, TEST_TODAY).length === 0) chosen.push(card);
    }
    return chosen;
  };
  /** Acceptances recorded per package: what "most accepted so far" ranks by. */
  const accepted = new Map<string, number>();
  const byPopularity = <T extends Offer>(cards: T[]) => [...cards].sort((a, b) => (accepted.get(b.package.code) ?? 0) - (accepted.get(a.package.code) ?? 0));
  const byTaste = <T extends Offer>(c: SeedCustomer, cards: T[]) => [...cards].sort((a, b) => acceptance(c, b) - acceptance(c, a));
  /**
   * The baselines' worth for a customer: "most accepted so far" and the oracle over the graph's pool
   * of cards, the oracle ignoring the rules, and both again over every offer the hard rules admit.
   */
  const baselines = (c: SeedCustomer, pool: Offer[]) => {
    const eligible = eligibleOffers(doc, seededFacts(c, TEST_TODAY), snapshot, 'COUNTER', TEST_TODAY);
    return {
      popular: worth(c, showable(c, byPopularity(pool))),
      oracle: worth(c, showable(c, byTaste(c, pool))),
      unruly: worth(c, byTaste(c, pool).slice(0, 3)),
      popularAll: worth(c, showable(c, byPopularity(eligible))),
      oracleAll: worth(c, showable(c, byTaste(c, eligible))),
    };
  };
  const violationsOf = (c: SeedCustomer, shown: Offer[]) =>
    violations(
      shown.map((s) => ({ package: snapshot.packages.get(s.package.code)! })),
      doc,
      seededFacts(c, TEST_TODAY),
      snapshot,
      'COUNTER',
      3,
      TEST_TODAY,
    ).length;
  return { zhenjiang, snapshot, rules, choices: rngFor('hall-simulator-choices', world), acceptance, worth, accepted, baselines, violationsOf };
}

export type Baselines = ReturnType<ReturnType<typeof hallWorld>['baselines']>;
export const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(xs.length, 1);
export const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);

/** One round's worth per policy, printed as one line of the table both benches print. */
export class RoundScores {
  private readonly graph: number[] = [];
  private readonly rows: Baselines[] = [];

  add(graphWorth: number, b: Baselines): void {
    this.graph.push(graphWorth);
    this.rows.push(b);
  }

  /** The graph's mean worth this round. */
  graphMean(): number {
    return mean(this.graph);
  }

  static header(): string {
    return 'round | graph  | popular | oracle | holdout | outcomes learnt | oracle ignoring the rules | over every eligible card: popular | oracle';
  }

  line(round: number, holdout: number, learnt: number): string {
    const of = (k: keyof Baselines) => pct(mean(this.rows.map((r) => r[k])));
    return `${String(round).padStart(5)} | ${pct(this.graphMean())} | ${of('popular')}  | ${of('oracle')} | ${pct(holdout)}  | ${String(learnt).padStart(15)} | ${of('unruly')}  | ${of('popularAll')}  | ${of('oracleAll')}`;
  }
}
