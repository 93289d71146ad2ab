import type { Db } from '../../lib/db/db.js';
import type { RuleSetDocument } from './domain/rules/model.js';

export interface RuleSetRow {
  city: string;
  version: number;
  name: string;
  status: 'DRAFT' | 'PUBLISHED';
  source_yaml: string;
  document: RuleSetDocument;
  note: string;
  created_by: string;
  created_at: Date;
  published_by: string | null;
  published_at: Date | null;
  effective_from: Date | null;
}

export interface NewRuleSet {
  city: string;
  name: string;
  yaml: string;
  document: RuleSetDocument;
  note: string;
  by: string;
  at: Date;
  /** Set to publish at once; absent for a draft. */
  effectiveFrom?: Date;
}

export async function insertRuleSet(db: Db, r: NewRuleSet): Promise<RuleSetRow> {
  return db.transaction(async (tx) => {
    // Versions are numbered per city; a per-city advisory lock serialises concurrent writers.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('catalog.rule_set:' || $1))`, [r.city]);
    const [{ next }] = await tx.query<{ next: number }>(`SELECT coalesce(max(version), 0) + 1 AS next FROM catalog.rule_set WHERE city = $1`, [r.city]);
    const published = r.effectiveFrom !== undefined;
    const [row] = await tx.query<RuleSetRow>(
      `INSERT INTO catalog.rule_set (city, version, name, status, source_yaml, document, note, created_by, created_at, published_by, published_at, effective_from)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12) RETURNING *`,
      [
        r.city,
        next,
        r.name,
        published ? 'PUBLISHED' : 'DRAFT',
        r.yaml,
        JSON.stringify(r.document),
        r.note,
        r.by,
        r.at,
        published ? r.by : null,
        published ? r.at : null,
        r.effectiveFrom ?? null,
      ],
    );
    return row;
  });
}

export async function publishDraft(db: Db, city: string, version: number, by: string, at: Date, effectiveFrom: Date): Promise<RuleSetRow | null> {
  const rows = await db.query<RuleSetRow>(
    `UPDATE catalog.rule_set SET status = 'PUBLISHED', published_by = $3, published_at = $4, effective_from = $5
      WHERE city = $1 AND version = $2 AND status = 'DRAFT' RETURNING *`,
    [city, version, by, at, effectiveFrom],
  );
  return rows[0] ?? null;
}

export async function ruleSet(db: Db, city: string, version: number): Promise<RuleSetRow | null> {
  return (await db.query<RuleSetRow>(`SELECT * FROM catalog.rule_set WHERE city = $1 AND version = $2`, [city, version]))[0] ?? null;
}

export async function ruleSets(db: Db, city: string, first: number): Promise<RuleSetRow[]> {
  return db.query<RuleSetRow>(`SELECT * FROM catalog.rule_set WHERE city = $1 ORDER BY version DESC LIMIT $2`, [city, first]);
}

/** The version in force per city at an instant: the latest effective one, ties to the newer version. */
export async function inForceVersions(db: Db, at: Date): Promise<Map<string, number>> {
  const rows = await db.query<{ city: string; version: number }>(
    `SELECT DISTINCT ON (city) city, version FROM catalog.rule_set
      WHERE status = 'PUBLISHED' AND effective_from <= $1
      ORDER BY city, effective_from DESC, version DESC`,
    [at],
  );
  return new Map(rows.map((r) => [r.city, r.version]));
}

/** Published rule sets in force now or scheduled: an import must keep everything they name. */
export async function liveAndScheduled(db: Db, at: Date): Promise<RuleSetRow[]> {
  const inForce = await inForceVersions(db, at);
  return db.query<RuleSetRow>(
    `SELECT * FROM catalog.rule_set WHERE status = 'PUBLISHED' AND (effective_from > $1 OR (city, version) IN (SELECT * FROM unnest($2::text[], $3::int[])))`,
    [at, [...inForce.keys()], [...inForce.values()]],
  );
}
