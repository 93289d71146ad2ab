import type { ArmCounts } from '../experiments-store.js';
import type { RuleSetExperimentResolvers } from '../__generated__/resolvers-types.js';

const ARMS = ['CONTROL', 'CANDIDATE'] as const;

export const RuleSetExperiment: RuleSetExperimentResolvers = {
  candidateVersion: (e) => e.candidate_version,
  startedAt: (e) => e.started_at.toISOString(),
  startedBy: (e) => e.started_by,
  endedAt: (e) => e.ended_at?.toISOString() ?? null,
  endedBy: (e) => e.ended_by,
  // Both arms always, in one order, even before either has shown a card.
  async arms(e, _args, ctx) {
    const counts = await ctx.loaders.experimentArms.load(e.id);
    return ARMS.map((arm): ArmCounts => counts.find((c) => c.arm === arm) ?? { arm, versions: [], shown: 0, accepted: 0, ordered: 0 });
  },
};
