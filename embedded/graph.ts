import type { Clock } from '../lib/clock.js';
import { today } from '../lib/clock.js';
import type { SubgraphName } from '../lib/config.js';
import { boundPort } from '../lib/listen.js';
import type { Db } from '../lib/db/db.js';
import type { Bus } from '../lib/events/bus.js';
import type { Subgraph } from '../lib/subgraph/lifecycle.js';
import { prepareDatabase, type CoreDeps } from '../lib/subgraph/runtime.js';
import { buildSubgraph, SUBGRAPH_NAMES, subgraphModule, type SubgraphSettings } from '../subgraphs/index.js';
import { createGateway, type Gateway } from '../gateway/server.js';
import type { GraphiqlOptions } from '../gateway/graphiql.js';
import type { OperationLimits, SubgraphPolicy } from '../lib/limits.js';
import type { PersistedOperationsOptions } from '../gateway/protection/persisted.js';

/** Every subgraph's settings; the order subgraph's graph URL is this gateway's, known once it listens. */
/** Subgraphs that read through the graph get the embedded gateway's URL once it listens. */
export type EmbeddedSettings = Omit<SubgraphSettings, 'orders' | 'alerts'> & {
  orders: Omit<SubgraphSettings['orders'], 'graphUrl'>;
  alerts: Omit<SubgraphSettings['alerts'], 'graphUrl'>;
};

export interface EmbeddedGraphOptions {
  supergraphSdl: string;
  /** One database per subgraph: PGlite each, or the same server for all (each owns its schema). */
  openDb: (name: SubgraphName) => Promise<Db>;
  clock: Clock;
  jwtSecret: string;
  internalSecret: string;
  /** The event bus every part shares (memory by default; NATS for several processes). */
  bus: Bus;
  settings: EmbeddedSettings;
  host: string;
  port: number;
  seed: { customers: number } | null;
  graphiql?: GraphiqlOptions;
  limits?: Partial<OperationLimits>;
  subgraphPolicy?: Partial<SubgraphPolicy>;
  persisted?: PersistedOperationsOptions;
  log?: (message: string) => void;
}

export interface RunningSubgraph {
  name: SubgraphName;
  url: string;
  subgraph: Subgraph;
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
  const built: Subgraph[] = [];
  let gateway: Gateway | undefined;
  let graphUrl = '';
  const close = async () => {
    await gateway?.app.close();
    await Promise.all(built.map((s) => s.stop()));
    await Promise.all([...databases.values()].map((db) => db.close()));
  };
  try {
    await Promise.all(
      SUBGRAPH_NAMES.map(async (name) => {
        const module = subgraphModule(name);
        const db = await options.openDb(name);
        databases.set(name, db);
        await prepareDatabase(module, db);
        if (options.seed && (await module.isEmpty(db))) {
          const started = Date.now();
          await db.transaction((tx) => module.seed(tx, { customers: options.seed!.customers, seedDate: today(options.clock) }));
          log(`seeded ${name} (${options.seed.customers} customers) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        }
      }),
    );
    const settings: SubgraphSettings = {
      ...options.settings,
      orders: { ...options.settings.orders, graphUrl: () => graphUrl },
      alerts: { ...options.settings.alerts, graphUrl: () => graphUrl },
    };
    // Servers start after every store is ready: seeding blocks the event loop (PGlite runs in it).
    for (const name of SUBGRAPH_NAMES) {
      const core = { db: databases.get(name)!, clock: options.clock, internalSecret: options.internalSecret, bus: options.bus };
      const subgraph = await build(name, core, settings);
      built.push(subgraph);
      subgraphs.push({ name, url: await subgraph.listen('127.0.0.1', 0), subgraph });
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

const build = <K extends SubgraphName>(name: K, core: CoreDeps, settings: SubgraphSettings) => buildSubgraph(name, core, settings[name]);
