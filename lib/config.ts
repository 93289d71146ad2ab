import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LIMITS, DEFAULT_SUBGRAPH_POLICY, type OperationLimits, type SubgraphPolicy } from './limits.js';

/** The folder holding package.json: the same whether this module runs as TypeScript or from the compiled dist/. */
export const PROJECT_ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();

export const SUBGRAPHS = ['customer-insight', 'catalog', 'alerts', 'orders'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];
export const DEFAULT_SUBGRAPH_PORTS: Record<SubgraphName, number> = {
  'customer-insight': 4001,
  catalog: 4002,
  alerts: 4003,
  orders: 4004,
};

export interface Config {
  host: string;
  port: number;
  /** Interface a subgraph started alone listens on. */
  subgraphHost: string;
  databaseUrl: string | null;
  dataDir: string;
  /** Where the secrets came from: the environment, or the data directory's generated file. */
  secretsSource: string;
  jwtSecret: string;
  internalSecret: string;
  /** HMAC secret the grid system (网格通) signs warning-order batches and export requests with. */
  gridSecret: string;
  /** HMAC secret the queueing and CRM systems sign counter hooks with. */
  counterHookSecret: string;
  /** Largest warning-order batch body accepted, in bytes; larger gets 413. */
  ingestMaxBytes: number;
  /** The gateway's own URL, for the order subgraph run apart (embedded: known at start). */
  gatewayUrl: string;
  /** The simulated CRM; its orders are kept in `journal` (in DATA_DIR), as the real CRM keeps its own. */
  crmSimulator: { latencyMs: number; failureRate: number; timeoutMs: number; journal: string };
  sessionTtlMinutes: number;
  declarationSlaMinutes: number;
  /** Public base of the links customers confirm handling with. */
  confirmationBaseUrl: string;
  /** The gateway's request limits (Apollo Router's names). */
  limits: OperationLimits;
  /** Per-subgraph timeout and circuit breaker. */
  subgraphPolicy: SubgraphPolicy;
  /** Where traces go (OTLP over HTTP), from the standard OTel variables; null = no tracing. */
  tracesUrl: string | null;
  /** off | apq (automatic persisted queries, any document) | safelist (only the manifest's operations). */
  persistedOperations: 'off' | 'apq' | 'safelist';
  /** Which requests the gateway logs: all, errors and slow ones (default), or errors only. */
  requestLog: RequestLogSettings;
  persistedOperationsManifest: string | null;
  eventBus: 'memory' | 'nats';
  natsUrl: string;
  /** Keeps deployments sharing a NATS server apart (stream LINGXI_<NS>, subjects <ns>.>). */
  natsNamespace: string;
  supergraphPath: string;
  /** A URL the standalone gateway polls for a new supergraph (beside watching its file); null: none. */
  supergraphUrl: string | null;
  supergraphPollMs: number;
  /** Gateway processes sharing the port (node:cluster); 1: the gateway is the process itself. */
  gatewayWorkers: number;
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  subgraphPorts: Record<SubgraphName, number>;
  seedCustomers: number;
  seedOnStart: boolean;
  production: boolean;
}

export interface RequestLogSettings {
  /** all: a line for every request; slow: server errors and requests slower than slowMs; errors: server errors. */
  mode: 'all' | 'slow' | 'errors';
  slowMs: number;
}

export const DEFAULT_REQUEST_LOG: RequestLogSettings = { mode: 'slow', slowMs: 1000 };

export class ConfigError extends Error {
  constructor(field: string, problem: string) {
    super(`configuration ${field}: ${problem}`);
  }
}

const envName = (name: SubgraphName) => name.toUpperCase().replaceAll('-', '_');

function int(env: NodeJS.ProcessEnv, field: string, fallback: number, min: number, max: number): number {
  const raw = env[field];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(field, `expected an integer ${min}..${max}, got "${raw}"`);
  return value;
}

function fraction(env: NodeJS.ProcessEnv, field: string, fallback: number): number {
  const raw = env[field];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new ConfigError(field, `expected a number 0..1, got "${raw}"`);
  return value;
}

function flag(env: NodeJS.ProcessEnv, field: string, fallback: boolean): boolean {
  const raw = env[field];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(field, `expected true or false, got "${raw}"`);
}

function url(field: string, raw: string): string {
  try {
    const u = new URL(raw);
    if (!['http:', 'https:', 'postgres:', 'postgresql:'].includes(u.protocol)) throw new Error();
    return raw;
  } catch {
    throw new ConfigError(field, `expected a URL, got "${raw}"`);
  }
}

/** Secrets for the embedded default are made once and kept in the data directory, so tokens survive restarts. */
const SECRET_NAMES = ['jwtSecret', 'internalSecret', 'gridSecret', 'counterHookSecret'] as const;
type Secrets = Record<(typeof SECRET_NAMES)[number], string>;

/** Where the embedded default keeps its generated secrets. */
export const devSecretsFile = (dataDir: string) => join(dataDir, 'dev-secrets.json');

function devSecrets(dataDir: string, create: boolean): Secrets {
  const file = devSecretsFile(dataDir);
  if (!create && !existsSync(file)) {
    throw new ConfigError(
      'DATA_DIR',
      `${file} does not exist: no graph has run with DATA_DIR=${dataDir}. Pass the DATA_DIR the graph runs with, or set JWT_SECRET (and the other secrets) / 该数据目录中没有图的密钥`,
    );
  }
  const kept: Partial<Secrets> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const secrets = Object.fromEntries(SECRET_NAMES.map((k) => [k, kept[k] ?? randomBytes(32).toString('hex')])) as Secrets;
  if (create && SECRET_NAMES.some((k) => !kept[k])) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}

/**
 * Reads configuration once; nothing else in the project reads process.env. A tool that signs for
 * a graph running elsewhere (`npm run token`, `npm run hook`) passes `{ createSecrets: false }`:
 * it must use the graph's secrets, never make new ones.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  argv: readonly string[] = process.argv.slice(2),
  options: { createSecrets?: boolean } = {},
): Config {
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.DATA_DIR || join(PROJECT_ROOT, 'data'));
  const databaseUrl = env.DATABASE_URL ? url('DATABASE_URL', env.DATABASE_URL) : null;

  const fromEnv: Partial<Secrets> = {
    jwtSecret: env.JWT_SECRET,
    internalSecret: env.INTERNAL_SECRET,
    gridSecret: env.GRID_SECRET,
    counterHookSecret: env.COUNTER_HOOK_SECRET,
  };
  const envField: Record<keyof Secrets, string> = {
    jwtSecret: 'JWT_SECRET',
    internalSecret: 'INTERNAL_SECRET',
    gridSecret: 'GRID_SECRET',
    counterHookSecret: 'COUNTER_HOOK_SECRET',
  };
  const missing = SECRET_NAMES.filter((k) => !fromEnv[k]);
  if (missing.length > 0 && production) throw new ConfigError(envField[missing[0]], 'required when NODE_ENV=production');
  const dev = missing.length > 0 ? devSecrets(dataDir, options.createSecrets ?? true) : null;
  const { jwtSecret, internalSecret, gridSecret, counterHookSecret } = Object.fromEntries(SECRET_NAMES.map((k) => [k, fromEnv[k] || dev![k]])) as Secrets;
  for (const k of SECRET_NAMES) {
    const value = { jwtSecret, internalSecret, gridSecret, counterHookSecret }[k];
    if (value.length < 32) throw new ConfigError(envField[k], 'must be at least 32 characters');
  }
  const gatewayUrl = env.GATEWAY_URL ? url('GATEWAY_URL', env.GATEWAY_URL) : `http://127.0.0.1:${int(env, 'PORT', 4000, 0, 65535)}/graphql`;
  const eventBus = (env.EVENT_BUS || 'memory').toLowerCase();
  if (eventBus !== 'memory' && eventBus !== 'nats') throw new ConfigError('EVENT_BUS', `expected "memory" or "nats", got "${env.EVENT_BUS}"`);

  const argIndex = argv.indexOf('--supergraph');
  const supergraphArg = argIndex >= 0 ? argv[argIndex + 1] : argv.find((a) => a.startsWith('--supergraph='))?.slice(13);
  if (argIndex >= 0 && !supergraphArg) throw new ConfigError('--supergraph', 'expects a file path');
  const supergraphPath = resolve(supergraphArg || env.SUPERGRAPH_PATH || join(PROJECT_ROOT, 'schema', 'supergraph.graphql'));
  if (!existsSync(supergraphPath)) throw new ConfigError(supergraphArg ? '--supergraph' : 'SUPERGRAPH_PATH', `no such file: ${supergraphPath}`);

  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  const subgraphPorts = { ...DEFAULT_SUBGRAPH_PORTS };
  for (const name of SUBGRAPHS) {
    const field = `SUBGRAPH_${envName(name)}_URL`;
    if (env[field]) subgraphUrls[name] = url(field, env[field]!);
    subgraphPorts[name] = int(env, `${envName(name)}_PORT`, DEFAULT_SUBGRAPH_PORTS[name], 0, 65535);
  }

  const persistedOperations = (env.PERSISTED_OPERATIONS || 'apq').toLowerCase() as Config['persistedOperations'];
  if (!['off', 'apq', 'safelist'].includes(persistedOperations))
    throw new ConfigError('PERSISTED_OPERATIONS', `expected off, apq or safelist, got "${env.PERSISTED_OPERATIONS}"`);
  if (persistedOperations === 'safelist' && !env.PERSISTED_OPERATIONS_MANIFEST)
    throw new ConfigError('PERSISTED_OPERATIONS_MANIFEST', 'safelist mode needs the manifest of registered operations');
  const requestLogMode = (env.LOG_REQUESTS || DEFAULT_REQUEST_LOG.mode).toLowerCase() as RequestLogSettings['mode'];
  if (!['all', 'slow', 'errors'].includes(requestLogMode)) throw new ConfigError('LOG_REQUESTS', `expected all, slow or errors, got "${env.LOG_REQUESTS}"`);
  const seed = (env.SEED ?? 'auto').toLowerCase();
  if (!['auto', 'off'].includes(seed)) throw new ConfigError('SEED', `expected "auto" or "off", got "${env.SEED}"`);

  return {
    host: env.HOST || '127.0.0.1',
    subgraphHost: env.SUBGRAPH_HOST || '127.0.0.1',
    port: int(env, 'PORT', 4000, 0, 65535),
    databaseUrl,
    dataDir,
    secretsSource: fromEnv.jwtSecret ? 'the environment (JWT_SECRET)' : devSecretsFile(dataDir),
    jwtSecret,
    internalSecret,
    gridSecret,
    counterHookSecret,
    ingestMaxBytes: int(env, 'INGEST_MAX_BYTES', 10 * 1024 * 1024, 1024, 512 * 1024 * 1024),
    gatewayUrl,
    crmSimulator: {
      latencyMs: int(env, 'CRM_SIM_LATENCY_MS', 150, 0, 60_000),
      failureRate: fraction(env, 'CRM_SIM_FAILURE_RATE', 0),
      timeoutMs: int(env, 'CRM_SIM_TIMEOUT_MS', 5000, 1, 600_000),
      journal: join(dataDir, 'crm-simulator.jsonl'),
    },
    sessionTtlMinutes: int(env, 'SESSION_TTL_MINUTES', 120, 1, 7 * 24 * 60),
    declarationSlaMinutes: int(env, 'DECLARATION_SLA_MINUTES', 120, 1, 30 * 24 * 60),
    // The customer's page is served by the gateway itself (/confirm/<token>): by default its own address.
    confirmationBaseUrl: env.CONFIRMATION_BASE_URL || `${gatewayUrl.replace(/\/graphql$/, '')}/confirm`,
    limits: {
      maxDepth: int(env, 'LIMIT_MAX_DEPTH', DEFAULT_LIMITS.maxDepth, 1, 1000),
      maxHeight: int(env, 'LIMIT_MAX_HEIGHT', DEFAULT_LIMITS.maxHeight, 1, 100_000),
      maxAliases: int(env, 'LIMIT_MAX_ALIASES', DEFAULT_LIMITS.maxAliases, 0, 100_000),
      maxRootFields: int(env, 'LIMIT_MAX_ROOT_FIELDS', DEFAULT_LIMITS.maxRootFields, 1, 10_000),
      maxTokens: int(env, 'LIMIT_MAX_TOKENS', DEFAULT_LIMITS.maxTokens, 10, 10_000_000),
      maxRecursion: int(env, 'LIMIT_MAX_RECURSION', DEFAULT_LIMITS.maxRecursion, 2, 10_000),
      maxRequestBytes: int(env, 'LIMIT_MAX_REQUEST_BYTES', DEFAULT_LIMITS.maxRequestBytes, 1024, 512 * 1024 * 1024),
      maxDocumentBytes: int(env, 'LIMIT_MAX_DOCUMENT_BYTES', DEFAULT_LIMITS.maxDocumentBytes, 1024, 64 * 1024 * 1024),
    },
    tracesUrl: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
      ? url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
      : env.OTEL_EXPORTER_OTLP_ENDPOINT
        ? `${url('OTEL_EXPORTER_OTLP_ENDPOINT', env.OTEL_EXPORTER_OTLP_ENDPOINT).replace(/\/$/, '')}/v1/traces`
        : null,
    subgraphPolicy: {
      timeoutMs: int(env, 'SUBGRAPH_TIMEOUT_MS', DEFAULT_SUBGRAPH_POLICY.timeoutMs, 1, 600_000),
      breakerFailures: int(env, 'BREAKER_FAILURES', DEFAULT_SUBGRAPH_POLICY.breakerFailures, 1, 10_000),
      breakerCooldownMs: int(env, 'BREAKER_COOLDOWN_MS', DEFAULT_SUBGRAPH_POLICY.breakerCooldownMs, 1, 3_600_000),
      shareInflight: flag(env, 'SUBGRAPH_SHARE_INFLIGHT', DEFAULT_SUBGRAPH_POLICY.shareInflight),
    },
    persistedOperations,
    requestLog: { mode: requestLogMode, slowMs: int(env, 'SLOW_REQUEST_MS', DEFAULT_REQUEST_LOG.slowMs, 1, 3_600_000) },
    persistedOperationsManifest: env.PERSISTED_OPERATIONS_MANIFEST ? resolve(env.PERSISTED_OPERATIONS_MANIFEST) : null,
    eventBus,
    natsUrl: env.NATS_URL || 'nats://127.0.0.1:4222',
    natsNamespace: env.NATS_NAMESPACE || 'lingxi',
    supergraphPath,
    supergraphUrl: env.SUPERGRAPH_URL ? url('SUPERGRAPH_URL', env.SUPERGRAPH_URL) : null,
    supergraphPollMs: int(env, 'SUPERGRAPH_POLL_MS', 10_000, 1000, 3_600_000),
    gatewayWorkers: int(env, 'GATEWAY_WORKERS', 1, 1, 64),
    subgraphUrls,
    subgraphPorts,
    seedCustomers: int(env, 'SEED_CUSTOMERS', 10_000, 0, 100_000_000),
    seedOnStart: seed === 'auto',
    production,
  };
}

/**
 * What `npm run mcp` (the MCP server over stdio, beside a gateway) needs: the staff token the
 * assistant acts with and the gateway to reach. Read here, like every other variable.
 */
export function mcpStdioSettings(env: NodeJS.ProcessEnv = process.env): { token: string | null; gatewayUrl: string } {
  return {
    token: env.LINGXI_TOKEN || null,
    gatewayUrl: env.LINGXI_GATEWAY_URL ? url('LINGXI_GATEWAY_URL', env.LINGXI_GATEWAY_URL) : 'http://127.0.0.1:4000/graphql',
  };
}

/** Who a command-line change is recorded as (the catalogue tool): the operating-system user. */
export function cliActor(env: NodeJS.ProcessEnv = process.env): string {
  return env.USER ? `cli:${env.USER}` : 'cli';
}
