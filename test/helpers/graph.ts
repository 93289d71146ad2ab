import { readFileSync } from 'node:fs';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { startEmbeddedGraph, type EmbeddedGraph, type EmbeddedSettings } from '../../embedded/graph.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../gateway/server.js';
import { boundPort } from '../../lib/listen.js';
import type { GraphiqlOptions } from '../../gateway/graphiql.js';
import type { OperationLimits, SubgraphPolicy } from '../../lib/limits.js';
import type { PersistedOperationsOptions } from '../../gateway/protection/persisted.js';
import { staffToken } from '../../lib/auth/staff-token.js';
import { fixedClock } from '../../lib/clock.js';
import { SUPERGRAPH_FILE } from '../../lib/compose.js';
import type { Bus } from '../../lib/events/bus.js';
import { MemoryBus } from '../../lib/events/memory.js';
import type { Backend } from './backends.js';
import type { CrmPort } from '../../subgraphs/orders/crm/port.js';

export const TEST_SECRETS = { jwtSecret: 'test-jwt-secret-0123456789abcdef0123456789', internalSecret: 'test-internal-secret-0123456789abcdef012345' };
export const TEST_HOOKS = {
  gridSecret: 'test-grid-secret-0123456789abcdef0123456789',
  counterHookSecret: 'test-counter-secret-0123456789abcdef01234567',
  ingestMaxBytes: 1024 * 1024,
};
/** Each subgraph's settings in tests; a fast CRM simulator (the real latency figures are the benchmark's business). */
export const TEST_SETTINGS: EmbeddedSettings = {
  'customer-insight': {},
  catalog: { livePollMs: 250, learnPollMs: 250 },
  alerts: TEST_HOOKS,
  orders: {
    crmSimulator: { latencyMs: 5, failureRate: 0, timeoutMs: 2000 },
    sessionTtlMinutes: 120,
    declarationSlaMinutes: 60,
    confirmationBaseUrl: 'https://test.invalid/confirm',
  },
};
/** 10:00 in Shanghai on 2026-11-24: every through-the-gateway test runs on this day. */
export const TEST_NOW = '2026-11-24T02:00:00Z';
export const TEST_TODAY = '2026-11-24';
export const TEST_CUSTOMERS = 300;

export interface TestGraph extends EmbeddedGraph {
  bus: Bus;
  /** The server database, for the postgres backend. */
  databaseUrl: string | null;
  token(role: string, city?: string): Promise<string>;
  request<R, V>(
    doc: TypedDocumentNode<R, V>,
    variables: V,
    token: string | null,
  ): Promise<{ status: number; body: { data?: R | null; errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[] } }>;
  /**
   * Another gateway in front of this graph's subgraphs: the supergraph file, the test secrets, this
   * graph's bus and subgraph URLs unless the options say otherwise (`subgraphUrls: {}` takes them
   * from the supergraph). The caller closes it.
   */
  startGateway(options?: Partial<GatewayOptions>): Promise<{ url: string; gateway: Gateway; close(): Promise<void> }>;
  teardown(): Promise<void>;
}

export interface RawResponse {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[] };
}

/** A JSON body (a request, a batch, anything) posted to a gateway as a front end would. */
export async function postJson(url: string, body: unknown, token: string | null): Promise<RawResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as RawResponse['body'] };
}

export async function startTestGraph(
  backend: Backend,
  options: {
    customers?: number;
    graphiql?: GraphiqlOptions;
    bus?: Bus;
    crm?: CrmPort;
    limits?: Partial<OperationLimits>;
    subgraphPolicy?: Partial<SubgraphPolicy>;
    persisted?: PersistedOperationsOptions;
  } = {},
): Promise<TestGraph> {
  const { openDb, teardown, url } = await backend.setup();
  const bus = options.bus ?? new MemoryBus();
  const graph = await startEmbeddedGraph({
    supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8'),
    openDb,
    clock: fixedClock(TEST_NOW),
    ...TEST_SECRETS,
    bus,
    settings: { ...TEST_SETTINGS, orders: { ...TEST_SETTINGS.orders, ...(options.crm ? { crm: options.crm } : {}) } },
    host: '127.0.0.1',
    port: 0,
    seed: { customers: options.customers ?? TEST_CUSTOMERS },
    graphiql: options.graphiql,
    limits: options.limits,
    subgraphPolicy: options.subgraphPolicy,
    persisted: options.persisted,
  });
  return {
    ...graph,
    bus,
    databaseUrl: url,
    token: (role, city = 'zhenjiang') => staffToken(role, city, TEST_SECRETS.jwtSecret),
    async request(doc, variables, token) {
      const response = await fetch(graph.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query: print(doc), variables }),
      });
      return { status: response.status, body: await response.json() };
    },
    async startGateway(extra = {}) {
      const gateway = await createGateway({
        supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8'),
        ...TEST_SECRETS,
        bus,
        ...extra,
        subgraphUrls: extra.subgraphUrls ?? Object.fromEntries(graph.subgraphs.map((s) => [s.name, s.url])),
      });
      await gateway.app.listen({ host: '127.0.0.1', port: 0 });
      return { url: `http://127.0.0.1:${boundPort(gateway.app)}/graphql`, gateway, close: () => gateway.app.close() };
    },
    async teardown() {
      await graph.close();
      await bus.close();
      await teardown();
    },
  };
}
