import { mayServeCounter } from '../../../lib/auth/counter-scope.js';
import { can } from '../../../lib/auth/identity.js';
import type { CounterEventData, DeclarationDecidedData, DeclarationFiledData, HallWarningData, HandlingChangedData } from '../../../lib/events/contracts.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { visible } from './visible.js';

export const Query: QueryResolvers = {
  // A counter's events are its hall's: the same rule as subscribing to them.
  counterEvent: (_p, { id }, ctx) => {
    const e = visible<CounterEventData>(id, 'lingxi.counter.', ctx);
    return e && ctx.identity && mayServeCounter(ctx.identity, { hall: e.data.hall, city: e.data.city }) ? e : null;
  },
  hallWarningEvent: (_p, { id }, ctx) => visible<HallWarningData>(id, 'lingxi.hall.', ctx),
  // A declaration decision is the declaring clerk's own.
  declarationEvent: (_p, { id }, ctx) => {
    const e = visible<DeclarationDecidedData>(id, 'lingxi.declaration.', ctx);
    return e && e.data.staffId === ctx.identity?.staffId ? e : null;
  },
  // A new declaration is for the reviewers of its city.
  filedDeclarationEvent: (_p, { id }, ctx) => {
    const e = visible<DeclarationFiledData>(id, 'lingxi.declarations.', ctx);
    return e && ctx.identity && can(ctx.identity, 'declaration:review') ? e : null;
  },
  // So is a change to a handling session.
  handlingEvent: (_p, { id }, ctx) => {
    const e = visible<HandlingChangedData>(id, 'lingxi.handling.', ctx);
    return e && e.data.staffId === ctx.identity?.staffId ? e : null;
  },
};
