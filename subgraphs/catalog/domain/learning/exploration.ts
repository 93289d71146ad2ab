import { rngFor } from '../../../../lib/seed/rng.js';
import type { Exploration, Scenario } from '../rules/model.js';

/**
 * Whether one customer's ranking explores, and the draws it explores with, within marketing's
 * limits in the rule set: from how many outcomes, in which scenarios, one card in how many. An
 * exploratory card is one the model thinks worse, so exploring is spread thin: one customer in
 * `oneIn` (a seeded draw, the same on a refresh) gets one; the limit holds for every customer's
 * cards and for all cards shown. One slot in three for everyone cost the halls about three points of
 * acceptance in the hall simulator, for no better learning. Draws are seeded by the customer, the
 * day and the model's state, so one visit's cards stay put between refreshes and across instances.
 */
export function explorationDraws(input: {
  customerId: string;
  day: string;
  scenario: Scenario;
  limit: number;
  /** Outcomes the city's model has learnt. */
  observations: number;
  exploration: Exploration;
  /** False for rankings never shown to learn from (a preview, a check). */
  explore: boolean;
}): { normal: (() => number) | null; maxExploratory: number } {
  const { exploration } = input;
  const draws = rngFor(`explore|${input.customerId}|${input.day}|${input.scenario}`, input.observations);
  const maxExploratory = exploration.scenarios.includes(input.scenario) && input.limit >= exploration.oneIn && draws.next() < 1 / exploration.oneIn ? 1 : 0;
  return { normal: input.explore && input.observations >= exploration.after ? () => draws.normal() : null, maxExploratory };
}
