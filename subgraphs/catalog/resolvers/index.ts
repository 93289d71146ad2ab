import { DateScalar, DateTimeScalar } from '../../../lib/scalars.js';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { CatalogVersion } from './CatalogVersion.js';
import { ExperimentArm } from './ExperimentArm.js';
import { Customer } from './Customer.js';
import { Gift } from './Gift.js';
import { Mutation } from './Mutation.js';
import { Package } from './Package.js';
import { PackageConnection } from './PackageConnection.js';
import { Promotion } from './Promotion.js';
import { PromotionBatch } from './PromotionBatch.js';
import { PromotionTier } from './PromotionTier.js';
import { Query } from './Query.js';
import { RecommendationCard } from './RecommendationCard.js';
import { RecommendationOutcomeRecord } from './RecommendationOutcomeRecord.js';
import { Rule } from './Rule.js';
import { RuleSet } from './RuleSet.js';
import { RuleSetExperiment } from './RuleSetExperiment.js';
import { SuggestedPromotion } from './SuggestedPromotion.js';

/** One file per GraphQL type that has resolvers (test/unit/resolver-layout.test.ts holds it). */
export const resolvers: Resolvers = {
  Query,
  Mutation,
  Customer,
  Package,
  PackageConnection,
  Promotion,
  PromotionBatch,
  PromotionTier,
  Gift,
  RecommendationCard,
  SuggestedPromotion,
  CatalogVersion,
  RuleSet,
  Rule,
  RecommendationOutcomeRecord,
  RuleSetExperiment,
  ExperimentArm,
  Date: DateScalar,
  DateTime: DateTimeScalar,
};
