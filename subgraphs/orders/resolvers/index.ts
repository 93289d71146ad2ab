import { DateScalar, DateTimeScalar } from '../../../lib/scalars.js';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Customer } from './Customer.js';
import { Declaration } from './Declaration.js';
import { HandlingSession } from './HandlingSession.js';
import { Mutation } from './Mutation.js';
import { Order } from './Order.js';
import { Query } from './Query.js';
import { TargetList } from './TargetList.js';

/** One file per GraphQL type that has resolvers (test/unit/resolver-layout.test.ts holds it). */
export const resolvers: Resolvers = { Query, Mutation, Customer, Order, HandlingSession, Declaration, TargetList, Date: DateScalar, DateTime: DateTimeScalar };
