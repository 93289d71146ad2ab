import { DateTimeScalar } from '../../../lib/scalars.js';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { CounterEvent } from './CounterEvent.js';
import { DeclarationEvent } from './DeclarationEvent.js';
import { HallWarningEvent } from './HallWarningEvent.js';
import { HandlingEvent } from './HandlingEvent.js';
import { Query } from './Query.js';

/** Subscription fields are served by the gateway from `subscriptionRoutes` (resolvers/Subscription.ts). */
export const resolvers: Resolvers = { Query, CounterEvent, HallWarningEvent, DeclarationEvent, HandlingEvent, DateTime: DateTimeScalar };
