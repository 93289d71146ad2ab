import { DateScalar } from '../../../lib/scalars.js';
import { Package } from './Package.js';
import { Gift, PackageConnection, Promotion, PromotionBatch, PromotionTier } from './Promotion.js';
import { Query } from './Query.js';

export const resolvers = { Query, Package, PackageConnection, Promotion, PromotionBatch, PromotionTier, Gift, Date: DateScalar };
