import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';
import type { Config, SubgraphName } from '../config.js';
import { boundPort } from '../listen.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/db.js';
import type { Bus } from '../events/bus.js';
import type { CrmPort } from '../../subgraphs/orders/crm/port.js';
import type { CrmSimulatorOptions } from '../../subgraphs/orders/crm/simulator.js';
import type { SmsPort } from '../../subgraphs/orders/sms/port.js';
import { openPglite } from '../db/pglite.js';
import { openPostgres } from '../db/postgres.js';
import { migrate } from '../db/migrate.js';

/** Secrets and limits of the signed HTTP hooks outside systems call. */
export interface HookSettings {
  gridSecret: string;
  counterHookSecret: string;
  ingestMaxBytes: number;
}

/** What the handling flow needs beyond its database: the graph to read from, and the CRM. */
export interface HandlingDeps {
  /** The gateway's GraphQL URL: the order subgraph reads the catalogue through the one graph. */
  graphUrl: () => string;
  crmSimulator: CrmSimulatorOptions;
  /** A CRM adapter in place of the simulator (tests use one they can switch off). */
  crm?: CrmPort;
  /** An SMS gateway adapter in place of the outbox simulator. */
  sms?: SmsPort;
  sessionTtlMinutes: number;
  declarationSlaMinutes: number;
  confirmationBaseUrl: string;
}

export function handlingSettings(
  config: Pick<Config, 'crmSimulator' | 'sessionTtlMinutes' | 'declarationSlaMinutes' | 'confirmationBaseUrl'>,
): Omit<HandlingDeps, 'graphUrl'> {
  return {
    crmSimulator: config.crmSimulator,
    sessionTtlMinutes: config.sessionTtlMinutes,
    declarationSlaMinutes: config.declarationSlaMinutes,
    confirmationBaseUrl: config.confirmationBaseUrl,
  };
}

export interface SubgraphDeps {
  db: Db;
  clock: Clock;
  internalSecret: string;
  bus: Bus;
  hooks: HookSettings;
  handling: HandlingDeps;
}

export interface SeedOptions {
  customers: number;
  seedDate: string;
  onProgress?: (done: number, total: number) => void;
}

/** What each subgraph folder exports: its own schema, migrations, seed and server. */
export interface SubgraphModule {
  name: SubgraphName;
  /** The PostgreSQL schema it owns. Nobody else reads its tables. */
  dbSchema: string;
  migrationsDir: string;
  isEmpty(db: Db): Promise<boolean>;
  seed(db: Db, options: SeedOptions): Promise<void>;
  /** Removes seeded rows, for a reseed at another scale. */
  truncate(db: Db): Promise<void>;
  create(deps: SubgraphDeps): Promise<FastifyInstance>;
}

/** Embedded default: one PGlite data directory per subgraph. With DATABASE_URL: that server. */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>, name: SubgraphName): Promise<Db> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite(join(config.dataDir, 'pglite', name));
}

export async function prepareDatabase(module: SubgraphModule, db: Db): Promise<void> {
  await migrate(db, module.dbSchema, module.migrationsDir);
}

export interface RunningSubgraph {
  name: SubgraphName;
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function listenSubgraph(module: SubgraphModule, deps: SubgraphDeps, host: string, port: number): Promise<RunningSubgraph> {
  const app = await module.create(deps);
  await app.listen({ host, port });
  return {
    name: module.name,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${boundPort(app)}/graphql`,
    app,
    close: () => app.close(),
  };
}
