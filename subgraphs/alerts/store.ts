import { createHash } from 'node:crypto';
import DataLoader from 'dataloader';
import { rowPerKey, rowsPerKey } from '../../lib/db/batch.js';
import { crossRequestLoader } from '../../lib/db/cross-request.js';
import type { Db } from '../../lib/db/db.js';
import type { AcceptedWarning } from './domain/ingest.js';
import type { ParsedWarning } from './domain/parse-content.js';
import type { WarningOutcome, WarningStatus, WarningType } from './domain/types.js';

export const DB_SCHEMA = 'alerts';

export interface WarningOrderRow {
  id: string;
  external_id: string;
  customer_id: string | null;
  msisdn: string;
  city_code: string;
  hall_code: string | null;
  type: WarningType;
  raw_type: string;
  level: 'HIGH' | 'MEDIUM' | 'LOW';
  status: WarningStatus;
  content: string;
  parsed: ParsedWarning | null;
  parse_status: ParsedWarning['status'];
  issued_at: Date;
  due_date: string | null;
  received_at: Date;
  delivered_at: Date | null;
  delivered_counter: string | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  handled_at: Date | null;
  handled_by: string | null;
  outcome: WarningOutcome | null;
  outcome_note: string | null;
}

export interface CounterSessionRow {
  counter: string;
  hall_code: string;
  city_code: string;
  staff_id: string;
  opened_at: Date;
  closed_at: Date | null;
  current_msisdn: string | null;
  identified_at: Date | null;
  last_event: number | null;
}

/** A customer as this subgraph knows it: the normalised number (its key here). */
export interface CustomerRef {
  msisdnKey: string;
}

/** Most urgent first: level, then the oldest issue time. */
const URGENCY = `CASE level WHEN 'HIGH' THEN 0 WHEN 'MEDIUM' THEN 1 ELSE 2 END, issued_at`;
const OPEN = `('NEW', 'DELIVERED', 'ACKNOWLEDGED')`;

/** Our id for a grid order: derived from its external id, so a retried batch can never mint a second one. */
export const warningId = (externalId: string) => `W${createHash('sha256').update(externalId).digest('hex').slice(0, 20)}`;

export function createStore(db: Db) {
  const shared = {
    /** Every warning order of a customer in a city, in urgency order: asked by all requests in flight at once. */
    byCustomer: crossRequestLoader<{ msisdn: string; city: string }, WarningOrderRow[]>(async (keys) => {
      const rows = await db.query<WarningOrderRow>(
        `SELECT w.* FROM alerts.warning_order w
          WHERE (w.msisdn, w.city_code) IN (SELECT * FROM unnest($1::text[], $2::text[]))
          ORDER BY ${URGENCY}`,
        [keys.map((k) => k.msisdn), keys.map((k) => k.city)],
      );
      return rowsPerKey(
        keys.map((k) => `${k.msisdn}|${k.city}`),
        rows,
        (r) => `${r.msisdn}|${r.city_code}`,
      );
    }),
  };
  return {
    async warningOrder(id: string, city: string): Promise<WarningOrderRow | null> {
      return (await db.query<WarningOrderRow>(`SELECT * FROM alerts.warning_order WHERE id = $1 AND city_code = $2`, [id, city]))[0] ?? null;
    },

    /**
     * Stores a validated batch in the caller's transaction. One multi-row statement; an external id
     * seen before is skipped (idempotent), and the rows actually inserted come back.
     */
    /** Orders whose text has not been read (or was read by an older extractor), oldest first. */
    async unread(limit: number): Promise<Pick<WarningOrderRow, 'id' | 'content' | 'issued_at'>[]> {
      return db.query(`SELECT id, content, issued_at FROM alerts.warning_order WHERE parsed IS NULL ORDER BY received_at LIMIT $1`, [limit]);
    },
    /**
     * Stores what the text says. A due date the sender gave stands; one read from the text fills
     * an order that has none, and a later reading replaces it.
     */
    async saveReadings(readings: { id: string; parsed: ParsedWarning }[]): Promise<void> {
      if (readings.length === 0) return;
      await db.query(
        `UPDATE alerts.warning_order w
            SET parsed = u.parsed, parse_status = u.parsed->>'status',
                due_date = CASE WHEN w.due_date IS NULL OR w.due_from_text THEN (u.parsed->>'dueDate')::date ELSE w.due_date END,
                due_from_text = (w.due_date IS NULL OR w.due_from_text) AND u.parsed->>'dueDate' IS NOT NULL
           FROM unnest($1::text[], $2::jsonb[]) AS u(id, parsed)
          WHERE w.id = u.id AND w.parsed IS NULL`,
        [readings.map((r) => r.id), readings.map((r) => JSON.stringify(r.parsed))],
      );
    },
    /** Readings by an older extractor are dropped, to be read again in the background. */
    async forgetOldReadings(version: number): Promise<void> {
      await db.query(`UPDATE alerts.warning_order SET parsed = NULL WHERE parsed IS NOT NULL AND coalesce((parsed->>'version')::int, 0) < $1`, [version]);
    },
    /** Orders sent without a hall whose home hall has not been looked up yet, oldest first. */
    async unrouted(limit: number): Promise<Pick<WarningOrderRow, 'id' | 'msisdn' | 'city_code'>[]> {
      return db.query(`SELECT id, msisdn, city_code FROM alerts.warning_order WHERE routed_at IS NULL ORDER BY received_at LIMIT $1`, [limit]);
    },
    /** Settles an order's hall once (null: the city has no such customer); the row when this call settled it. */
    async route(id: string, city: string, hall: string | null, at: Date): Promise<Pick<WarningOrderRow, 'id' | 'hall_code' | 'city_code'> | null> {
      const rows = await db.query<Pick<WarningOrderRow, 'id' | 'hall_code' | 'city_code'>>(
        `UPDATE alerts.warning_order SET hall_code = coalesce(hall_code, $3), routed_at = $4
          WHERE id = $1 AND city_code = $2 AND routed_at IS NULL RETURNING id, hall_code, city_code`,
        [id, city, hall, at],
      );
      return rows[0] ?? null;
    },
    async insertWarnings(
      tx: Db,
      batch: AcceptedWarning[],
      receivedAt: Date,
    ): Promise<Pick<WarningOrderRow, 'id' | 'external_id' | 'hall_code' | 'city_code'>[]> {
      if (batch.length === 0) return [];
      const col = <T>(f: (w: AcceptedWarning) => T) => batch.map(f);
      return tx.query(
        `INSERT INTO alerts.warning_order (id, external_id, msisdn, city_code, hall_code, type, raw_type, level, content, issued_at, due_date, received_at, routed_at)
         SELECT u.id, u.external_id, u.msisdn, u.city_code, u.hall_code, u.type, u.raw_type, u.level, u.content, u.issued_at, u.due_date, $12::timestamptz,
                CASE WHEN u.hall_code IS NULL THEN NULL ELSE $12::timestamptz END
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[], $11::date[])
                AS u(id, external_id, msisdn, city_code, hall_code, type, raw_type, level, content, issued_at, due_date)
         ON CONFLICT (external_id) DO NOTHING
         RETURNING id, external_id, hall_code, city_code`,
        [
          col((w) => warningId(w.externalId)),
          col((w) => w.externalId),
          col((w) => w.msisdn),
          col((w) => w.city),
          col((w) => w.hall),
          col((w) => w.type),
          col((w) => w.rawType),
          col((w) => w.level),
          col((w) => w.content),
          col((w) => w.issuedAt.toISOString()),
          col((w) => w.dueDate),
          receivedAt,
        ],
      );
    },

    async acknowledge(id: string, city: string, staffId: string, at: Date): Promise<WarningOrderRow | null> {
      return (
        (
          await db.query<WarningOrderRow>(
            `UPDATE alerts.warning_order SET status = 'ACKNOWLEDGED', acknowledged_at = $4, acknowledged_by = $3
          WHERE id = $1 AND city_code = $2 AND status IN ('NEW', 'DELIVERED') RETURNING *`,
            [id, city, staffId, at],
          )
        )[0] ?? null
      );
    },

    async handle(id: string, city: string, staffId: string, outcome: WarningOutcome, note: string | null, at: Date): Promise<WarningOrderRow | null> {
      return (
        (
          await db.query<WarningOrderRow>(
            `UPDATE alerts.warning_order SET status = 'HANDLED', handled_at = $4, handled_by = $3, outcome = $5, outcome_note = $6,
                acknowledged_at = coalesce(acknowledged_at, $4), acknowledged_by = coalesce(acknowledged_by, $3)
          WHERE id = $1 AND city_code = $2 AND status IN ${OPEN} RETURNING *`,
            [id, city, staffId, at, outcome, note],
          )
        )[0] ?? null
      );
    },

    /**
     * Pushed to a counter: the customer's orders of the counter's city that were NEW when the event
     * went out become DELIVERED. A number is a key within a city only: another city's orders for
     * the same number were not shown and stay as they are.
     */
    async markDelivered(msisdn: string, city: string, counter: string, eventSeq: number, at: Date): Promise<number> {
      const rows = await db.query(
        `UPDATE alerts.warning_order SET status = 'DELIVERED', delivered_at = $4, delivered_counter = $2, delivered_event = $3
          WHERE msisdn = $1 AND city_code = $5 AND status = 'NEW' AND received_at <= $4 RETURNING id`,
        [msisdn, counter, eventSeq, at, city],
      );
      return rows.length;
    },

    /** Claims a signed hook request by its signature: true the first time, false for a replay (with what the first answered). */
    async claimHook(signature: string, hook: string, at: Date): Promise<{ first: true } | { first: false; eventId: string | null }> {
      const claimed = await db.query(
        `INSERT INTO alerts.hook_receipt (signature, hook, received_at) VALUES ($1, $2, $3) ON CONFLICT (signature) DO NOTHING RETURNING signature`,
        [signature, hook, at],
      );
      if (claimed.length === 1) return { first: true };
      const [seen] = await db.query<{ event_id: string | null }>(`SELECT event_id::text AS event_id FROM alerts.hook_receipt WHERE signature = $1`, [
        signature,
      ]);
      return { first: false, eventId: seen?.event_id ?? null };
    },
    async completeHook(signature: string, eventId: number): Promise<void> {
      await db.query(`UPDATE alerts.hook_receipt SET event_id = $2 WHERE signature = $1`, [signature, eventId]);
    },
    /** Receipts received before `before`: a request that old is refused by its timestamp anyway. */
    async dropHookReceipts(before: Date): Promise<void> {
      await db.query(`DELETE FROM alerts.hook_receipt WHERE received_at < $1`, [before]);
    },
    /** A claimed request whose work failed: released, so the sender's retry is not taken for a replay. */
    async releaseHook(signature: string): Promise<void> {
      await db.query(`DELETE FROM alerts.hook_receipt WHERE signature = $1`, [signature]);
    },

    /** Open orders past their due date are EXPIRED. */
    async expireOverdue(today: string, at: Date): Promise<number> {
      const rows = await db.query(
        `UPDATE alerts.warning_order SET status = 'EXPIRED', expired_at = $2 WHERE status IN ${OPEN} AND due_date < $1::date RETURNING id`,
        [today, at],
      );
      return rows.length;
    },

    async handledSince(cities: string[] | null, since: Date, until: Date | null, first: number): Promise<WarningOrderRow[]> {
      return db.query<WarningOrderRow>(
        `SELECT * FROM alerts.warning_order WHERE status = 'HANDLED' AND handled_at >= $1 AND ($2::timestamptz IS NULL OR handled_at < $2)
            AND ($3::text[] IS NULL OR city_code = ANY($3)) ORDER BY handled_at, id LIMIT $4`,
        [since, until, cities, first],
      );
    },

    async byHall(hall: string, statuses: readonly string[], first: number): Promise<WarningOrderRow[]> {
      return db.query<WarningOrderRow>(`SELECT * FROM alerts.warning_order WHERE hall_code = $1 AND status = ANY($2::text[]) ORDER BY ${URGENCY} LIMIT $3`, [
        hall,
        statuses,
        first,
      ]);
    },

    async counterSession(counter: string, hall: string): Promise<CounterSessionRow | null> {
      return (await db.query<CounterSessionRow>(`SELECT * FROM alerts.counter_session WHERE counter = $1 AND hall_code = $2`, [counter, hall]))[0] ?? null;
    },

    async openSession(counter: string, hall: string, city: string, staffId: string, at: Date): Promise<CounterSessionRow> {
      const [row] = await db.query<CounterSessionRow>(
        `INSERT INTO alerts.counter_session (counter, hall_code, city_code, staff_id, opened_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (counter) DO UPDATE SET staff_id = $4, opened_at = $5, closed_at = NULL, current_msisdn = NULL, identified_at = NULL
           WHERE counter_session.hall_code = $2 AND counter_session.city_code = $3
         RETURNING *`,
        [counter, hall, city, staffId, at],
      );
      return row;
    },

    async closeSession(counter: string, hall: string, at: Date): Promise<CounterSessionRow | null> {
      return (
        (
          await db.query<CounterSessionRow>(
            `UPDATE alerts.counter_session SET closed_at = $3 WHERE counter = $1 AND hall_code = $2 AND closed_at IS NULL RETURNING *`,
            [counter, hall, at],
          )
        )[0] ?? null
      );
    },

    async identified(counter: string, hall: string, msisdn: string, at: Date, eventSeq: number): Promise<void> {
      await db.query(`UPDATE alerts.counter_session SET current_msisdn = $3, identified_at = $4, last_event = $5 WHERE counter = $1 AND hall_code = $2`, [
        counter,
        hall,
        msisdn,
        at,
        eventSeq,
      ]);
    },

    loaders(city: string) {
      return {
        /** Keyed by number and status set, so different argument values batch separately but correctly. */
        byCustomer: new DataLoader<{ msisdn: string; statuses: readonly string[] }, WarningOrderRow[], string>(
          async (keys) => {
            const all = await shared.byCustomer.loadMany(keys.map((k) => ({ msisdn: k.msisdn, city })));
            return keys.map((k, i) => {
              const rows = all[i];
              return rows instanceof Error ? rows : rows.filter((r) => k.statuses.includes(r.status));
            });
          },
          { cacheKeyFn: (k) => `${k.msisdn}|${[...k.statuses].sort().join(',')}` },
        ),
        byId: new DataLoader<string, WarningOrderRow | null>(async (ids) => {
          const rows = await db.query<WarningOrderRow>(`SELECT * FROM alerts.warning_order WHERE id = ANY($1::text[]) AND city_code = $2`, [ids, city]);
          return rowPerKey(ids, rows, (r) => r.id);
        }),
      };
    },
  };
}

export type Store = ReturnType<typeof createStore>;
export type Loaders = ReturnType<Store['loaders']>;
