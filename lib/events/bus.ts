/**
 * The event bus port: subjects like `lingxi.counter.zhenjiang-h01-c1`, each event numbered by
 * the bus in one sequence, so a subscriber can resume after the last number it saw. Embedded
 * default: in process. Any number of gateways and subgraph instances: NATS JetStream.
 */
export interface BusEvent<T = unknown> {
  subject: string;
  /** Position in the bus's one sequence: the event id clients resume from. */
  seq: number;
  /** When the bus accepted it, ISO 8601. */
  time: string;
  data: T;
}

export interface Subscription {
  close(): void;
}

export interface Bus {
  readonly kind: 'memory' | 'nats';
  /** Publishes and returns the event's sequence number once the bus has stored it. */
  publish<T>(subject: string, data: T): Promise<number>;
  /**
   * Delivers every event on the subject (`*` one token, `>` the rest) in sequence order: first the
   * stored ones after `after` (when given), then live ones, each exactly once.
   */
  subscribe<T>(subject: string, options: { after?: number }, handler: (event: BusEvent<T>) => void): Promise<Subscription>;
  /**
   * A named, durable consumer (at-least-once): work a service must not miss even while it is down.
   * The handler's promise settling is the acknowledgement; a rejection redelivers.
   */
  consume<T>(name: string, subject: string, handler: (event: BusEvent<T>) => Promise<void>): Promise<Subscription>;
  close(): Promise<void>;
}

export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}
