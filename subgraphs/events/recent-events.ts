import type { BusEvent } from '../../lib/events/bus.js';

/**
 * Recent bus events by sequence number: the events subgraph resolves an event's own fields from
 * here while the gateway resolves the rest of a subscription's selection through federation.
 */
export class RecentEvents {
  private readonly events = new Map<number, BusEvent>();
  constructor(private readonly capacity = 20_000) {}

  put(event: BusEvent): void {
    if (this.events.has(event.seq)) return;
    this.events.set(event.seq, event);
    if (this.events.size > this.capacity) this.events.delete(this.events.keys().next().value!);
  }

  get(seq: number): BusEvent | undefined {
    return this.events.get(seq);
  }
}
