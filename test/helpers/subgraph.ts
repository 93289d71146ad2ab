import type { Identity } from '../../lib/auth/identity.js';
import { INTERNAL_AUDIENCE, INTERNAL_HEADER, signIdentity } from '../../lib/auth/tokens.js';
import { fixedClock } from '../../lib/clock.js';
import type { SubgraphName } from '../../lib/config.js';
import type { Db } from '../../lib/db/db.js';
import { openPglite } from '../../lib/db/pglite.js';
import type { Bus } from '../../lib/events/bus.js';
import { MemoryBus } from '../../lib/events/memory.js';
import type { Subgraph } from '../../lib/subgraph/lifecycle.js';
import { prepareDatabase } from '../../lib/subgraph/runtime.js';
import { buildSubgraph, subgraphModule, type SubgraphSettings } from '../../subgraphs/index.js';
import { TEST_NOW, TEST_SECRETS, TEST_SETTINGS, TEST_TODAY } from './graph.js';

export interface TestSubgraph {
  subgraph: Subgraph;
  db: Db;
  /** Its GraphQL URL, when started with `listen`. */
  url: string | null;
  /** A GraphQL request as the gateway sends it: the caller's identity signed with the internal secret. */
  request<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown>,
    identity: Identity,
  ): Promise<{ data?: T | null; errors?: { message: string; extensions?: Record<string, unknown> }[] }>;
  stop(): Promise<void>;
}

/** Alone, a subgraph has no graph to read through: a port nothing answers on. */
const NO_GRAPH = () => 'http://127.0.0.1:9/graphql';
const DEFAULT_SETTINGS: SubgraphSettings = {
  ...TEST_SETTINGS,
  orders: { ...TEST_SETTINGS.orders, graphUrl: NO_GRAPH },
  alerts: { ...TEST_SETTINGS.alerts, graphUrl: NO_GRAPH },
};

/**
 * One subgraph alone, on its own embedded database (or the one given), seeded with `customers`,
 * started and answering requests in process: a subgraph's tests need not boot the other three.
 */
export async function startSubgraph<K extends SubgraphName>(
  name: K,
  options: { customers?: number; db?: Db; bus?: Bus; settings?: SubgraphSettings[K]; listen?: boolean } = {},
): Promise<TestSubgraph> {
  const db = options.db ?? (await openPglite());
  const module = subgraphModule(name);
  if (!options.db) {
    await prepareDatabase(module, db);
    if (options.customers) await db.transaction((tx) => module.seed(tx, { customers: options.customers!, seedDate: TEST_TODAY }));
  }
  const bus = options.bus ?? new MemoryBus();
  const core = { db, clock: fixedClock(TEST_NOW), internalSecret: TEST_SECRETS.internalSecret, bus };
  const subgraph = await buildSubgraph(name, core, options.settings ?? DEFAULT_SETTINGS[name]);
  let url: string | null = null;
  if (options.listen) url = await subgraph.listen('127.0.0.1', 0);
  else await subgraph.start();
  return {
    subgraph,
    db,
    url,
    async request(query, variables, identity) {
      const signed = await signIdentity(identity, TEST_SECRETS.internalSecret, INTERNAL_AUDIENCE, 60);
      const res = await subgraph.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', [INTERNAL_HEADER]: signed },
        payload: { query, variables },
      });
      return res.json();
    },
    async stop() {
      await subgraph.stop();
      if (!options.bus) await bus.close();
      if (!options.db) await db.close();
    },
  };
}
