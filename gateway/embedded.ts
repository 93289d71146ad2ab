import type { Clock } from '../lib/clock.js';
import { today } from '../lib/clock.js';
import type { SubgraphName } from '../lib/config.js';
import { boundPort } from '../lib/listen.js';
import type { Db } from '../lib/db/db.js';
import type { Bus } from '../lib/events/bus.js';
import { listenSubgraph, prepareDatabase, type HandlingDeps, type HookSettings, type RunningSubgraph } from '../lib/subgraph/runtime.js';
import { SUBGRAPH_MODULES } from '../subgraphs/index.js';
import { createGateway, type Gateway } from './server.js';
import type { GraphiqlOptions } from './graphiql.js';
import type { OperationLimits, SubgraphPolicy } from '../lib/limits.js';
import type { PersistedOperationsOptions } from './protection/persisted.js';

export interface EmbeddedGraphOptions {
  supergraphSdl: string;
  /** One database per subgraph: PGlite each, or the same server for all (each owns its schema). */
  openDb: (name: SubgraphName) => Promise<Db>;
  clock: Clock;
  jwtSecret: string;
  internalSecret: string;
  /** The event bus every part shares (memory by default; NATS for several processes). */
  bus: Bus;
  hooks: HookSettings;
  /** The handling flow's settings; its graph URL is this gateway's, known once it listens. */
  handling: Omit<HandlingDeps, 'graphUrl'>;
  host: string;
  port: number;
  seed: { customers: number } | null;
  graphiql?: GraphiqlOptions;
  limits?: Partial<OperationLimits>;
  subgraphPolicy?: Partial<SubgraphPolicy>;
  persisted?: PersistedOperationsOptions;
  log?: (message: string) => void;
}

export interface EmbeddedGraph {
  url: string;
  gateway: Gateway;
  subgraphs: RunningSubgraph[];
  databases: Map<SubgraphName, Db>;
  close(): Promise<void>;
}

/**
 * The whole graph in one process: each subgraph on its own loopback port and database, the
 * gateway in front, all talking real HTTP exactly as when deployed apart.
 */
export async function startEmbeddedGraph(options: EmbeddedGraphOptions): Promise<EmbeddedGraph> {
  const log = options.log ?? (() => undefined);
  const databases = new Map<SubgraphName, Db>();
  const subgraphs: RunningSubgraph[] = [];
  let gateway: Gateway | undefined;
  let graphUrl = '';
  const close = async () => {
    await gateway?.app.close();
    await Promise.all(subgraphs.map((s) => s.close()));
    await Promise.all([...databases.values()].map((db) => db.close()));
  };
  try {
    await Promise.all(
      SUBGRAPH_MODULES.map(async (module) => {
        const db = await options.openDb(module.name);
        databases.set(module.name, db);
        await prepareDatabase(module, db);
        if (options.seed && (await module.isEmpty(db))) {
          const started = Date.now();
          await db.transaction((tx) => module.seed(tx, { customers: options.seed!.customers, seedDate: today(options.clock) }));
          log(`seeded ${module.name} (${options.seed.customers} customers) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        }
      }),
    );
    // Servers start after every store is ready: seeding blocks the event loop (PGlite runs in it).
    for (const module of SUBGRAPH_MODULES) {
      const handling = { ...options.handling, graphUrl: () => graphUrl };
      const deps = {
        db: databases.get(module.name)!,
        clock: options.clock,
        internalSecret: options.internalSecret,
        bus: options.bus,
        hooks: options.hooks,
        handling,
      };
      subgraphs.push(await listenSubgraph(module, deps, '127.0.0.1', 0));
    }
    gateway = await createGateway({
      supergraphSdl: options.supergraphSdl,
      subgraphUrls: Object.fromEntries(subgraphs.map((s) => [s.name, s.url])),
      jwtSecret: options.jwtSecret,
      internalSecret: options.internalSecret,
      bus: options.bus,
      graphiql: options.graphiql,
      limits: options.limits,
      subgraphPolicy: options.subgraphPolicy,
      persisted: options.persisted,
    });
    await gateway.app.listen({ host: options.host, port: options.port });
    graphUrl = `http://127.0.0.1:${boundPort(gateway.app)}/graphql`;
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  const host = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  return { url: `http://${host}:${boundPort(gateway.app)}/graphql`, gateway, subgraphs, databases, close };
}
