import { DateTimeScalar } from '../../../lib/scalars.js';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { CounterSession } from './CounterSession.js';
import { Customer } from './Customer.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';
import { WarningOrder } from './WarningOrder.js';

/** One file per GraphQL type that has resolvers (test/unit/resolver-layout.test.ts holds it). */
export const resolvers: Resolvers = { Query, Mutation, Customer, WarningOrder, CounterSession, DateTime: DateTimeScalar };
