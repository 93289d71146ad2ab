import type { Identity } from '../../lib/auth/identity.js';
import type { BusEvent } from '../../lib/events/bus.js';
import type { CounterEventData, DeclarationDecidedData, DeclarationFiledData, HallWarningData, HandlingChangedData } from '../../lib/events/contracts.js';
import type { RecentEvents } from './recent-events.js';

/** The events subgraph runs inside the gateway: its context is the caller and the recent events. */
export interface Context {
  identity: Identity | null;
  recent: RecentEvents;
}

export type CounterEventRow = BusEvent<CounterEventData>;
export type HallWarningEventRow = BusEvent<HallWarningData>;
export type DeclarationEventRow = BusEvent<DeclarationDecidedData | DeclarationFiledData>;
export type HandlingEventRow = BusEvent<HandlingChangedData>;
