import type { Db } from '../db/db.js';
import type { Bus } from './bus.js';

/**
 * Events a transaction decides on are written in it, to the subgraph's own outbox table, and
 * published once it commits: a crash between the commit and the bus leaves the row, and the relay
 * publishes it later. So an order that completed is announced even if its process died a moment
 * after, and nothing is announced for a transaction that rolled back. Delivery is at least once
 * (the relay of another instance may publish a row the first is publishing too): every consumer
 * applies an event idempotently, by the ids in it.
 *
 * The table: `(id bigserial PRIMARY KEY, subject text, data jsonb, staged_at timestamptz DEFAULT now())`.
 */
export function eventOutbox(
  db: Db,
  table: string,
  bus: Bus,
  /** A staged event not published for this long was lost with its process (not one being published now). */
  relayAfterSeconds = 5,
) {
  async function publishRow(row: StagedEvent): Promise<void> {
    await bus.publish(row.subject, row.data);
    await db.query(`DELETE FROM ${table} WHERE id = $1`, [row.id]);
  }
  return {
    /** Writes the event in the caller's transaction; `publish` it after the commit. */
    async stage(tx: Db, subject: string, data: unknown): Promise<StagedEvent> {
      const [row] = await tx.query<{ id: number }>(`INSERT INTO ${table} (subject, data) VALUES ($1, $2) RETURNING id`, [subject, JSON.stringify(data)]);
      return { id: Number(row.id), subject, data };
    },
    /** Publishes a committed event now; a failure leaves it to the relay. */
    async publish(event: StagedEvent, log: (message: string, error: unknown) => void): Promise<void> {
      await publishRow(event).catch((e) => log(`event ${event.id} on ${event.subject} not published yet; the relay retries`, e));
    },
    /** Publishes, oldest first, what was staged and committed but not published (its process died). */
    async relay(): Promise<number> {
      const rows = await db.query<StagedEvent>(
        `SELECT id, subject, data FROM ${table} WHERE staged_at < now() - make_interval(secs => $1) ORDER BY id LIMIT 500`,
        [relayAfterSeconds],
      );
      for (const row of rows) await publishRow(row);
      return rows.length;
    },
  };
}

export type EventOutbox = ReturnType<typeof eventOutbox>;

/** An event written to the outbox, as its transaction staged it. */
export interface StagedEvent {
  id: number;
  subject: string;
  data: unknown;
}
