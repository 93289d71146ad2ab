import { subjectMatches, type Bus, type BusEvent, type Subscription } from './bus.js';

/**
 * The embedded default: one process, events kept in a bounded ring so a reconnecting client can
 * resume within it. Nothing survives a restart; that takes the NATS bus.
 */
export class MemoryBus implements Bus {
  readonly kind = 'memory' as const;
  private seq = 0;
  private readonly ring: BusEvent[] = [];
  private readonly listeners = new Set<{ subject: string; handler: (e: BusEvent) => void }>();

  constructor(private readonly capacity = 100_000) {}

  async publish<T>(subject: string, data: T): Promise<number> {
    const event: BusEvent = { subject, seq: ++this.seq, time: new Date().toISOString(), data };
    this.ring.push(event);
    // Trim in chunks: dropping one at a time would shift the whole ring on every publish.
    if (this.ring.length > this.capacity * 1.1) this.ring.splice(0, this.ring.length - this.capacity);
    for (const l of [...this.listeners]) if (subjectMatches(l.subject, subject)) deliver(l.handler, event);
    return event.seq;
  }

  async subscribe<T>(subject: string, options: { after?: number }, handler: (event: BusEvent<T>) => void): Promise<Subscription> {
    if (options.after !== undefined) {
      for (const e of this.ring) if (e.seq > options.after && subjectMatches(subject, e.subject)) deliver(handler as (e: BusEvent) => void, e);
    }
    const listener = { subject, handler: handler as (e: BusEvent) => void };
    this.listeners.add(listener);
    return { close: () => this.listeners.delete(listener) };
  }

  async consume<T>(_name: string, subject: string, handler: (event: BusEvent<T>) => Promise<void>): Promise<Subscription> {
    return this.subscribe<T>(subject, {}, (e) => {
      void handler(e).catch(() => undefined);
    });
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}

/** One faulty listener must not stop the others from hearing the event. */
function deliver(handler: (e: BusEvent) => void, event: BusEvent): void {
  try {
    handler(event);
  } catch {
    // The listener's own concern; the bus keeps delivering.
  }
}
