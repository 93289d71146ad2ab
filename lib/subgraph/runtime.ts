import { join } from 'node:path';
import type { Config, SubgraphName } from '../config.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/db.js';
import type { Bus } from '../events/bus.js';
import { openPglite } from '../db/pglite.js';
import { openPostgres } from '../db/postgres.js';
import { migrate } from '../db/migrate.js';
import type { Subgraph } from './lifecycle.js';

/** What every subgraph is built from; each adds its own settings in its own `…Deps` type. */
export interface CoreDeps {
  db: Db;
  clock: Clock;
  internalSecret: string;
  bus: Bus;
}

export interface SeedOptions {
  customers: number;
  seedDate: string;
  onProgress?: (done: number, total: number) => void;
}

/** What each subgraph folder exports: its own schema, migrations, seed, settings and server. */
export interface SubgraphModule<Settings> {
  name: SubgraphName;
  /** The PostgreSQL schema it owns. Nobody else reads its tables. */
  dbSchema: string;
  migrationsDir: string;
  isEmpty(db: Db): Promise<boolean>;
  seed(db: Db, options: SeedOptions): Promise<void>;
  /** Removes seeded rows, for a reseed at another scale. */
  truncate(db: Db): Promise<void>;
  /** Its settings, read from the one configuration. */
  settings(config: Config): Settings;
  /** Builds the server and its background work; nothing runs until start(). */
  build(deps: CoreDeps & Settings): Promise<Subgraph>;
}

/** Embedded default: one PGlite data directory per subgraph. With DATABASE_URL: that server. */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>, name: SubgraphName): Promise<Db> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite(join(config.dataDir, 'pglite', name));
}

export async function prepareDatabase(module: Pick<SubgraphModule<unknown>, 'dbSchema' | 'migrationsDir'>, db: Db): Promise<void> {
  await migrate(db, module.dbSchema, module.migrationsDir);
}
