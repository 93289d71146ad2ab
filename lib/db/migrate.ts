import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertIdentifier, type Db } from './db.js';

/**
 * Applies numbered migrations (NNN_name.sql) from dir to one subgraph's own schema, each in its
 * own transaction, under an advisory lock so instances starting together do not race.
 */
export async function migrate(db: Db, schema: string, dir: string): Promise<string[]> {
  assertIdentifier(schema);
  const files = readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`migrate:${schema}`]);
    await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${schema};
      CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await tx.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations`)).map((r) => r.version));
    for (const file of files) {
      const version = Number(file.slice(0, 3));
      if (done.has(version)) continue;
      await tx.exec(readFileSync(join(dir, file), 'utf8'));
      await tx.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES ($1, $2)`, [version, file]);
      applied.push(file);
    }
  });
  return applied;
}
