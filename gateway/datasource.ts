import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { INTERNAL_HEADER } from '../lib/auth/tokens.js';
import { ErrorCode } from '../lib/errors.js';
import { injectTraceContext, tracingEnabled } from '../lib/telemetry.js';
import { FetchTimeoutError, httpFetcher, type SubgraphResponse } from './http-fetcher.js';
import type { GatewayContext } from './context.js';
import { isPlainData } from './execution/passthrough.js';

/** One operation of a query plan, sent to one subgraph. */
export interface SubgraphCall {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
}

/** A subgraph as the plan executor sees it: a call in, a GraphQL response out, never a throw for a subgraph's own fault. */
export interface SubgraphSource {
  process(call: SubgraphCall, context: GatewayContext): Promise<GatewayGraphQLResponse>;
  /** As process, but an answer of plain data comes back as the text it arrived as, unparsed. */
  processText?(call: SubgraphCall, context: GatewayContext): Promise<{ text: string } | { response: GatewayGraphQLResponse }>;
}

import { DEFAULT_SUBGRAPH_POLICY, type SubgraphPolicy } from '../lib/limits.js';

export type SubgraphFailure = 'TIMEOUT' | 'UNREACHABLE' | 'CIRCUIT_OPEN' | 'BAD_RESPONSE';

/**
 * Opens after `failures` consecutive failures; while open, calls fail at once. After the cooldown
 * one call is let through (half-open): success closes it, failure opens it again.
 */
export class CircuitBreaker {
  private consecutive = 0;
  private openedAt: number | null = null;
  private probing = false;

  constructor(
    private readonly failures: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

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

/** Socket errors (the fetcher's, undici's) that mean the subgraph could not be reached. */
const NETWORK_FAILURES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/**
 * A subgraph over HTTP. Sends the caller's verified identity as a short-lived token signed with
 * the internal secret (whatever identity header a client sent never reaches a subgraph), and keeps
 * a slow or failing subgraph from taking the gateway with it: a per-fetch timeout and a circuit
 * breaker, each turning the failure into an ordinary coded error, so the executor nulls that
 * subgraph's fields, serves the rest, and no socket detail leaks.
 */
export class HttpSubgraphSource implements SubgraphSource {
  readonly breaker: CircuitBreaker;
  private readonly fetch: ReturnType<typeof httpFetcher>;
  /** Queries in flight, by identity and body: an identical one waits for the same answer. */
  private readonly inflight = new Map<string, Promise<SubgraphResponse>>();

  get shareInflight(): boolean {
    return this.policy.shareInflight;
  }

  constructor(
    private readonly serviceName: string,
    readonly url: string,
    private readonly policy: SubgraphPolicy = DEFAULT_SUBGRAPH_POLICY,
    /** Told of every fetch: its seconds and, if it failed, why. */
    private readonly observe: (subgraph: string, seconds: number, failure: SubgraphFailure | null) => void = () => undefined,
  ) {
    this.fetch = httpFetcher(url, policy.timeoutMs);
    this.breaker = new CircuitBreaker(policy.breakerFailures, policy.breakerCooldownMs);
  }

  process(call: SubgraphCall, context: GatewayContext): Promise<GatewayGraphQLResponse> {
    return this.exchange(call, context, false);
  }

  async processText(call: SubgraphCall, context: GatewayContext): Promise<{ text: string } | { response: GatewayGraphQLResponse }> {
    const answer = await this.exchange(call, context, true);
    return typeof answer === 'string' ? { text: answer } : { response: answer };
  }

  /** The subgraph's answer; with `asText`, an answer of plain data as its text. */
  private exchange(call: SubgraphCall, context: GatewayContext, asText: false): Promise<GatewayGraphQLResponse>;
  private exchange(call: SubgraphCall, context: GatewayContext, asText: true): Promise<GatewayGraphQLResponse | string>;
  private async exchange(call: SubgraphCall, context: GatewayContext, asText: boolean): Promise<GatewayGraphQLResponse | string> {
    if (!this.breaker.allow()) {
      this.observe(this.serviceName, 0, 'CIRCUIT_OPEN');
      return this.unavailable('CIRCUIT_OPEN');
    }
    const started = performance.now();
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    // One request id from the client's request through every subgraph's log.
    if (context.requestId) headers['x-request-id'] = context.requestId;
    if (tracingEnabled()) {
      injectTraceContext((key, value) => {
        headers[key] = value;
      });
    }
    let response: SubgraphResponse;
    try {
      if (context.internalToken) headers[INTERNAL_HEADER] = await context.internalToken();
      response = await this.send(headers, JSON.stringify(call), this.policy.shareInflight && isQuery(call.query));
    } catch (error) {
      return this.failed(started, classify(error));
    }
    if (asText && response.status === 200 && isPlainData(response.text)) {
      this.succeeded(started);
      return response.text;
    }
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      body = undefined;
    }
    if (response.status >= 500) return this.failed(started, 'BAD_RESPONSE');
    const graphql = body !== null && typeof body === 'object' && ('data' in body || Array.isArray((body as { errors?: unknown }).errors));
    if (!graphql) {
      // A 401 or 403 without a GraphQL body is the subgraph refusing us, not the subgraph failing.
      if (response.status === 401 || response.status === 403) {
        this.succeeded(started);
        const code = response.status === 401 ? ErrorCode.UNAUTHENTICATED : ErrorCode.FORBIDDEN;
        return { errors: [{ message: `子图 ${this.serviceName} 拒绝了请求 / subgraph ${this.serviceName} refused the request`, extensions: { code } }] };
      }
      return this.failed(started, 'BAD_RESPONSE');
    }
    // The subgraph answered in GraphQL, errors and all (a 4xx with GraphQL errors included): it is up.
    this.succeeded(started);
    return body as GatewayGraphQLResponse;
  }

  /**
   * One fetch for identical queries in flight: same body, same identity (the internal token names
   * it), so the same answer. Each caller gets the text and parses its own copy, since the executor
   * merges into what it parsed. Mutations always go on their own.
   */
  private send(headers: Record<string, string>, body: string, share: boolean): Promise<SubgraphResponse> {
    if (!share) return this.fetch(headers, body);
    const key = `${headers[INTERNAL_HEADER] ?? ''}\n${body}`;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.fetch(headers, body);
      this.inflight.set(key, pending);
      const forget = () => this.inflight.delete(key);
      pending.then(forget, forget);
    }
    return pending;
  }

  private succeeded(started: number): void {
    this.breaker.succeeded();
    this.observe(this.serviceName, (performance.now() - started) / 1000, null);
  }

  private failed(started: number, failure: SubgraphFailure): GatewayGraphQLResponse {
    this.breaker.failed();
    this.observe(this.serviceName, (performance.now() - started) / 1000, failure);
    return this.unavailable(failure);
  }

  private unavailable(reason: SubgraphFailure): GatewayGraphQLResponse {
    const why = {
      TIMEOUT: `超过 ${this.policy.timeoutMs} ms 未响应 / did not answer within ${this.policy.timeoutMs} ms`,
      UNREACHABLE: '无法连接 / unreachable',
      CIRCUIT_OPEN: '熔断中，稍后重试 / circuit open after repeated failures',
      BAD_RESPONSE: '响应无效 / answered with an invalid response',
    }[reason];
    return {
      errors: [
        {
          message: `子图 ${this.serviceName} 暂不可用：${why} / subgraph ${this.serviceName} unavailable`,
          extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, reason },
        },
      ],
    };
  }
}

/** A query operation (the planner writes `query …` or a bare selection set), not a mutation. */
const isQuery = (operation: string) => /^\s*(query\b|\{)/.test(operation);

/** A fetch that did not come back with a response: timed out, or the socket failed. */
function classify(error: unknown): SubgraphFailure {
  if (error instanceof FetchTimeoutError) return 'TIMEOUT';
  const e = error as { code?: string; message?: string };
  if ((e?.code && NETWORK_FAILURES.has(e.code)) || e?.message === 'socket hang up') return 'UNREACHABLE';
  return 'BAD_RESPONSE';
}
