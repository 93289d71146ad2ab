import {
  AckPolicy,
  connect,
  DeliverPolicy,
  JSONCodec,
  nanos,
  RetentionPolicy,
  StorageType,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
} from 'nats';
import { subjectMatches, type Bus, type BusEvent, type Subscription } from './bus.js';

const codec = JSONCodec<{ time: string; data: unknown }>();

/**
 * NATS JetStream: every event is stored in one stream per namespace (file storage, 24 h), so any
 * number of gateways see the same numbered events and a client resumes after a restart. Each
 * process runs one live consumer and fans events out in memory; a resume replays from the stream
 * with its own short-lived ordered consumer. Filters are single subjects: NATS 2.9 servers have no
 * multi-subject filters.
 */
export class NatsBus implements Bus {
  readonly kind = 'nats' as const;
  private readonly listeners = new Set<{ subject: string; handler: (e: BusEvent) => void; floor: number }>();
  private live: ConsumerMessages | null = null;
  private readonly loops: Promise<void>[] = [];

  private readonly stream: string;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    /** Deployments sharing one NATS server keep apart by namespace: own stream, subjects, consumers. */
    private readonly namespace: string,
  ) {
    this.stream = `LINGXI_${namespace.toUpperCase()}`;
  }

  static async connect(url: string, options: { namespace?: string; maxAgeHours?: number } = {}): Promise<NatsBus> {
    const namespace = options.namespace ?? 'lingxi';
    if (!/^[a-z][a-z0-9_]{0,31}$/.test(namespace)) throw new Error(`NATS namespace must be lower-case letters, digits, _: ${namespace}`);
    const nc = await connect({ servers: url, name: `lingxi-graph:${namespace}`, maxReconnectAttempts: -1 });
    const jsm = await nc.jetstreamManager();
    const bus = new NatsBus(nc, nc.jetstream(), jsm, namespace);
    try {
      await jsm.streams.info(bus.stream);
    } catch {
      await jsm.streams.add({
        name: bus.stream,
        subjects: [`${namespace}.>`],
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        max_age: nanos((options.maxAgeHours ?? 24) * 3_600_000),
      });
    }
    await bus.startLive();
    return bus;
  }

  private wire(subject: string): string {
    return `${this.namespace}.${subject}`;
  }

  private event(m: { subject: string; seq: number; data: Uint8Array }): BusEvent {
    const { time, data } = codec.decode(m.data);
    return { subject: m.subject.slice(this.namespace.length + 1), seq: m.seq, time, data };
  }

  private async startLive(): Promise<void> {
    const consumer = await this.js.consumers.get(this.stream, { filterSubjects: `${this.namespace}.>`, deliver_policy: DeliverPolicy.New });
    this.live = await consumer.consume();
    const messages = this.live;
    this.loops.push(
      (async () => {
        for await (const m of messages) {
          const event = this.event(m);
          for (const l of [...this.listeners]) if (event.seq > l.floor && subjectMatches(l.subject, event.subject)) deliver(l.handler, event);
        }
      })(),
    );
  }

  async publish<T>(subject: string, data: T): Promise<number> {
    const ack = await this.js.publish(this.wire(subject), codec.encode({ time: new Date().toISOString(), data }));
    return ack.seq;
  }

  async subscribe<T>(subject: string, options: { after?: number }, handler: (event: BusEvent<T>) => void): Promise<Subscription> {
    const h = handler as (e: BusEvent) => void;
    if (options.after === undefined) {
      const listener = { subject, handler: h, floor: 0 };
      this.listeners.add(listener);
      return { close: () => this.listeners.delete(listener) };
    }
    // Resume: listen live (held back), replay the stream after `after` up to where it stood,
    // then release the live events above what was replayed. Each event exactly once, in order.
    const held: BusEvent[] = [];
    let replaying = true;
    let floor = options.after;
    const listener = {
      subject,
      floor: options.after,
      handler: (e: BusEvent) => {
        if (replaying) held.push(e);
        else if (e.seq > floor) {
          floor = e.seq;
          h(e);
        }
      },
    };
    this.listeners.add(listener);
    const info = await this.jsm.streams.info(this.stream);
    const last = info.state.last_seq;
    if (last > options.after) {
      const consumer = await this.js.consumers.get(this.stream, {
        filterSubjects: this.wire(subject),
        deliver_policy: DeliverPolicy.StartSequence,
        opt_start_seq: Math.max(options.after + 1, info.state.first_seq),
      });
      const pending = (await consumer.info()).num_pending;
      if (pending > 0) {
        const messages = await consumer.consume();
        let seen = 0;
        for await (const m of messages) {
          seen++;
          if (m.seq > floor && m.seq <= last) {
            floor = m.seq;
            deliver(h, this.event(m));
          }
          if (m.seq >= last || seen >= pending) break;
        }
        await messages.close();
      }
    }
    replaying = false;
    for (const e of held.sort((a, b) => a.seq - b.seq))
      if (e.seq > floor) {
        floor = e.seq;
        deliver(h, e);
      }
    return { close: () => this.listeners.delete(listener) };
  }

  async consume<T>(name: string, subject: string, handler: (event: BusEvent<T>) => Promise<void>): Promise<Subscription> {
    const durable = `${this.namespace}-${name}`;
    await this.jsm.consumers
      .add(this.stream, {
        durable_name: durable,
        filter_subject: this.wire(subject),
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.New,
        ack_wait: nanos(30_000),
      })
      .catch(() => undefined);
    const consumer = await this.js.consumers.get(this.stream, durable);
    const messages = await consumer.consume();
    this.loops.push(
      (async () => {
        for await (const m of messages) {
          try {
            await handler(this.event(m) as BusEvent<T>);
            m.ack();
          } catch {
            m.nak(1000);
          }
        }
      })(),
    );
    return { close: () => void messages.close() };
  }

  /** Deletes the namespace's stream: for tests and benchmarks that made their own. */
  async destroy(): Promise<void> {
    await this.jsm.streams.delete(this.stream).catch(() => undefined);
    await this.close();
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.live?.close();
    await this.nc.drain().catch(() => undefined);
    await Promise.allSettled(this.loops);
  }
}

function deliver(handler: (e: BusEvent) => void, event: BusEvent): void {
  try {
    handler(event);
  } catch {
    // The listener's own concern.
  }
}
