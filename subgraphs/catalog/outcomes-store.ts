import type { Db } from '../../lib/db/db.js';
import type { CardRef } from './domain/card-id.js';

export type Outcome = 'SHOWN' | 'ACCEPTED' | 'DECLINED' | 'DEFERRED' | 'ORDERED';

export interface OutcomeRow {
  card_id: string;
  outcome: Outcome;
  reason: string | null;
  customer_id: string;
  package_code: string;
  rule_set_version: number;
  staff_id: string;
  hall_code: string | null;
  order_id: string | null;
  recorded_at: Date;
}

/** Records one outcome of a card; a retry (same card, same outcome) returns the first record unchanged. */
export async function recordOutcome(
  db: Db,
  cardId: string,
  ref: CardRef,
  o: { outcome: Outcome; reason: string | null; staffId: string; hall: string | null; orderId: string | null; at: Date },
): Promise<{ row: OutcomeRow; created: boolean }> {
  const inserted = await db.query<OutcomeRow>(
    `INSERT INTO catalog.recommendation_event
       (card_id, outcome, reason, customer_id, package_code, tier_code, rule_ids, rule_set_version, scenario, city, hall_code, staff_id, order_id, recorded_at,
        experiment_id, arm)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (card_id, outcome) DO NOTHING RETURNING *`,
    [
      cardId,
      o.outcome,
      o.reason,
      ref.customerId,
      ref.packageCode,
      ref.tierCode,
      ref.ruleIds,
      ref.ruleSetVersion,
      ref.scenario,
      ref.city,
      o.hall,
      o.staffId,
      o.orderId,
      o.at,
      ref.experiment?.id ?? null,
      ref.experiment?.arm ?? null,
    ],
  );
  if (inserted[0]) return { row: inserted[0], created: true };
  const [row] = await db.query<OutcomeRow>(`SELECT * FROM catalog.recommendation_event WHERE card_id = $1 AND outcome = $2`, [cardId, o.outcome]);
  return { row, created: false };
}

export type Dimension = 'CITY' | 'HALL' | 'PACKAGE' | 'RULE' | 'STAFF';
const KEY: Record<Dimension, string> = {
  CITY: 'city',
  HALL: "coalesce(hall_code, '-')",
  PACKAGE: 'package_code',
  RULE: 'unnest(rule_ids)',
  STAFF: 'staff_id',
};

export interface ConversionRow {
  key: string;
  shown: number;
  accepted: number;
  declined: number;
  deferred: number;
  ordered: number;
}

/**
 * 推荐办理率: of the cards shown in the date range (Asia/Shanghai days), how many were accepted,
 * declined, deferred and ordered (whenever that happened), per dimension value.
 */
export async function conversion(db: Db, q: { cities: string[] | null; from: string; to: string; by: Dimension }): Promise<ConversionRow[]> {
  return db.query<ConversionRow>(
    `WITH shown AS (
       SELECT card_id, ${KEY[q.by]} AS key FROM catalog.recommendation_event
        WHERE outcome = 'SHOWN' AND ($1::text[] IS NULL OR city = ANY($1))
          AND (recorded_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2::date AND $3::date
     ), outcomes AS (
       SELECT card_id, bool_or(outcome = 'ACCEPTED') AS accepted, bool_or(outcome = 'DECLINED') AS declined,
              bool_or(outcome = 'DEFERRED') AS deferred, bool_or(outcome = 'ORDERED') AS ordered
         FROM catalog.recommendation_event WHERE card_id IN (SELECT card_id FROM shown) GROUP BY card_id
     )
     SELECT s.key, count(*)::int AS shown,
            count(*) FILTER (WHERE o.accepted)::int AS accepted, count(*) FILTER (WHERE o.declined)::int AS declined,
            count(*) FILTER (WHERE o.deferred)::int AS deferred, count(*) FILTER (WHERE o.ordered)::int AS ordered
       FROM shown s JOIN outcomes o USING (card_id)
      GROUP BY s.key ORDER BY count(*) FILTER (WHERE o.ordered) DESC, count(*) DESC, s.key`,
    [q.cities, q.from, q.to],
  );
}

export interface OutcomeRecord {
  row: OutcomeRow;
  duplicate: boolean;
}

/** One outcome as the learner reads it: in write order, settled once old enough to have no gap before it. */
export interface LoggedOutcome {
  seq: number;
  card_id: string;
  outcome: Outcome;
  city: string;
  hall_code: string | null;
  recorded_at: Date;
  settled: boolean;
}

export async function outcomesAfter(db: Db, seq: number, limit: number): Promise<LoggedOutcome[]> {
  return db.query<LoggedOutcome>(
    `SELECT seq, card_id, outcome, city, hall_code, recorded_at, inserted_at < now() - interval '10 seconds' AS settled
       FROM catalog.recommendation_event WHERE seq > $1 ORDER BY seq LIMIT $2`,
    [seq, limit],
  );
}
