import { DateScalar } from '../../../lib/scalars.js';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Customer } from './Customer.js';
import { Hall } from './Hall.js';
import { Holding } from './Holding.js';
import { MonthlyUsage } from './MonthlyUsage.js';
import { Query } from './Query.js';

/** One file per GraphQL type that has resolvers (test/unit/resolver-layout.test.ts holds it). */
export const resolvers: Resolvers = { Query, Customer, Holding, MonthlyUsage, Hall, Date: DateScalar };
