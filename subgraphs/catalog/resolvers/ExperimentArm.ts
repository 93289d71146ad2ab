import { wilson } from '../domain/experiment.js';
import type { ExperimentArmResolvers } from '../__generated__/resolvers-types.js';

const rate = (n: number, of: number) => (of === 0 ? 0 : n / of);

export const ExperimentArm: ExperimentArmResolvers = {
  ruleSetVersions: (a) => a.versions,
  acceptanceRate: (a) => rate(a.accepted, a.shown),
  acceptanceInterval: (a) => wilson(a.accepted, a.shown),
  orderRate: (a) => rate(a.ordered, a.shown),
  orderInterval: (a) => wilson(a.ordered, a.shown),
};
