import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { INTERNAL_HEADER } from '../lib/auth/tokens.js';
import { ErrorCode } from '../lib/errors.js';
import { injectTraceContext } from '../lib/telemetry.js';
import { FetchTimeoutError, httpFetcher } from './http-fetcher.js';
import type { GatewayContext } from './context.js';

export interface SubgraphPolicy {
  /** A fetch slower than this is abandoned and its fields answered null with reason TIMEOUT. */
  timeoutMs: number;
  /** Consecutive failures that open the circuit. */
  breakerFailures: number;
  /** How long an open circuit answers at once without calling the subgraph; then one probe is let through. */
  breakerCooldownMs: number;
}

export const DEFAULT_SUBGRAPH_POLICY: SubgraphPolicy = { timeoutMs: 5000, breakerFailures: 5, breakerCooldownMs: 10_000 };

export type SubgraphFailure = 'TIMEOUT' | 'UNREACHABLE' | 'CIRCUIT_OPEN' | 'BAD_RESPONSE';

/**
 * Opens after `failures` consecutive failures; while open, calls fail at once. After the cooldown
 * one call is let through (half-open): success closes it, failure opens it again.
 */
export class CircuitBreaker {
  private consecutive = 0;
  private openedAt: number | null = null;
  private probing = false;

  constructor(private readonly failures: number, private readonly cooldownMs: number, private readonly now: () => number = Date.now) {}

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.cooldownMs ? 'half-open' : 'open';
  }

  /** Whether a call may go out now. */
  allow(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  succeeded(): void {
    this.consecutive = 0;
    this.openedAt = null;
    this.probing = false;
  }

  failed(): void {
    this.probing = false;
    if (++this.consecutive >= this.failures || this.openedAt !== null) this.openedAt = this.now();
  }
}

/** Socket errors of node:http (the fetcher's) that mean the subgraph could not be reached. */
const NETWORK_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);

/**
 * Sends the caller's verified identity to a subgraph as a short-lived token signed with the
 * internal secret (whatever identity header a client sent never reaches a subgraph), and keeps a
 * slow or failing subgraph from taking the gateway with it: a per-fetch timeout and a circuit
 * breaker, each turning the failure into an ordinary subgraph error, so the gateway nulls that
 * subgraph's fields, serves the rest, and no socket detail leaks.
 */
export class IdentityForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly breaker: CircuitBreaker;

  constructor(
    private readonly serviceName: string,
    url: string,
    private readonly policy: SubgraphPolicy = DEFAULT_SUBGRAPH_POLICY,
    /** Told of every fetch: its seconds and, if it failed, why. */
    private readonly observe: (subgraph: string, seconds: number, failure: SubgraphFailure | null) => void = () => undefined,
  ) {
    super({
      url,
      fetcher: httpFetcher(policy.timeoutMs) as never,
    });
    this.breaker = new CircuitBreaker(policy.breakerFailures, policy.breakerCooldownMs);
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http?.headers;
    if (!headers) return;
    headers.delete(INTERNAL_HEADER);
    // One request id from the client's request through every subgraph's log.
    if (context.requestId) headers.set('x-request-id', context.requestId);
    injectTraceContext((key, value) => headers.set(key, value));
    if ('internalToken' in context && context.internalToken) headers.set(INTERNAL_HEADER, await context.internalToken());
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    if (!this.breaker.allow()) {
      this.observe(this.serviceName, 0, 'CIRCUIT_OPEN');
      return this.unavailable('CIRCUIT_OPEN');
    }
    const started = performance.now();
    try {
      const response = await super.process(options);
      this.breaker.succeeded();
      this.observe(this.serviceName, (performance.now() - started) / 1000, null);
      return response;
    } catch (error) {
      const failure = classify(error);
      this.observe(this.serviceName, (performance.now() - started) / 1000, failure);
      if (!failure) {
        // The subgraph answered, with an error of its own: it is up.
        this.breaker.succeeded();
        throw error;
      }
      this.breaker.failed();
      return this.unavailable(failure);
    }
  }

  private unavailable(reason: SubgraphFailure): GatewayGraphQLResponse {
    const why = { TIMEOUT: `超过 ${this.policy.timeoutMs} ms 未响应 / did not answer within ${this.policy.timeoutMs} ms`, UNREACHABLE: '无法连接 / unreachable', CIRCUIT_OPEN: '熔断中，稍后重试 / circuit open after repeated failures', BAD_RESPONSE: '响应无效 / answered with an invalid response' }[reason];
    return { errors: [{ message: `子图 ${this.serviceName} 暂不可用：${why} / subgraph ${this.serviceName} unavailable`, extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, reason } }] };
  }
}

function classify(error: unknown): SubgraphFailure | null {
  if (error instanceof FetchTimeoutError) return 'TIMEOUT';
  const e = error as { code?: string; message?: string; extensions?: { response?: { status?: number } } };
  if ((e?.code && NETWORK_FAILURES.has(e.code)) || e?.message === 'socket hang up') return 'UNREACHABLE';
  const status = e?.extensions?.response?.status;
  // A 5xx, or a body that is not JSON: the subgraph answered, but not with GraphQL.
  if ((typeof status === 'number' && status >= 500) || error instanceof SyntaxError) return 'BAD_RESPONSE';
  return null;
}
