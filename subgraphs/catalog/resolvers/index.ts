import { DateScalar, DateTimeScalar } from '../../../lib/scalars.js';
import { RecommendationCard, SuggestedPromotion } from './cards.js';
import { Customer } from './Customer.js';
import { explainQueries, outcomeMutations, outcomeQueries, RecommendationOutcomeRecord } from './outcomes.js';
import { Package } from './Package.js';
import { Gift, PackageConnection, Promotion, PromotionBatch, PromotionTier } from './Promotion.js';
import { Query as catalogQueries } from './Query.js';
import { Rule, ruleMutations, ruleQueries, RuleSet } from './rules.js';
import { CatalogVersion, versionMutations, versionQueries } from './versions.js';

export const resolvers = {
  Query: { ...catalogQueries, ...versionQueries, ...ruleQueries, ...outcomeQueries, ...explainQueries },
  Mutation: { ...versionMutations, ...ruleMutations, ...outcomeMutations },
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
  Date: DateScalar,
  DateTime: DateTimeScalar,
};
