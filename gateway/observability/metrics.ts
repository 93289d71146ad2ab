import type { ApolloServerPlugin } from '@apollo/server';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { GatewayContext } from '../context.js';

/** Operation names come from clients: past this many distinct ones, the rest count as "other". */
const MAX_OPERATION_NAMES = 500;

/** The gateway's Prometheus metrics, one registry per gateway (tests run several in a process). */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly names = new Set<string>();
  readonly requests = new Counter({
    name: 'lingxi_graphql_requests_total',
    help: 'GraphQL requests by operation, type and outcome (ok, error)',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'lingxi_graphql_request_duration_seconds',
    help: 'GraphQL request latency by operation',
    labelNames: ['operation', 'type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'lingxi_graphql_errors_total',
    help: 'Errors returned to clients by extensions.code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly fetchDuration = new Histogram({
    name: 'lingxi_subgraph_fetch_duration_seconds',
    help: 'Gateway → subgraph fetch latency',
    labelNames: ['subgraph'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });
  readonly fetchErrors = new Counter({
    name: 'lingxi_subgraph_fetch_errors_total',
    help: 'Subgraph fetches that failed, by reason (TIMEOUT, UNREACHABLE, CIRCUIT_OPEN, BAD_RESPONSE)',
    labelNames: ['subgraph', 'reason'] as const,
    registers: [this.registry],
  });
  readonly circuitOpen = new Gauge({
    name: 'lingxi_subgraph_circuit_open',
    help: '1 while the circuit to a subgraph is open',
    labelNames: ['subgraph'] as const,
    registers: [this.registry],
  });
  readonly subscriptions = new Gauge({ name: 'lingxi_subscription_sockets', help: 'Open graphql-ws sockets', registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'lingxi_gateway_' });
  }

  operation(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (this.names.has(name)) return name;
    if (this.names.size >= MAX_OPERATION_NAMES) return 'other';
    this.names.add(name);
    return name;
  }

  /** One answered GraphQL request, whichever path served it. */
  record(operationName: string | null | undefined, type: string, errors: readonly { extensions?: Record<string, unknown> }[], seconds: number): void {
    const operation = this.operation(operationName);
    this.requests.inc({ operation, type, outcome: errors.length ? 'error' : 'ok' });
    this.duration.observe({ operation, type }, seconds);
    for (const e of errors) this.errors.inc({ code: String(e.extensions?.code ?? 'UNKNOWN') });
  }

  plugin(): ApolloServerPlugin<GatewayContext> {
    const metrics = this;
    return {
      async requestDidStart() {
        const started = performance.now();
        return {
          async willSendResponse(rc) {
            const body = rc.response.body;
            const errors = body?.kind === 'single' ? (body.singleResult.errors ?? []) : [];
            metrics.record(rc.operationName, rc.operation?.operation ?? 'unknown', errors, (performance.now() - started) / 1000);
          },
        };
      },
    };
  }
}
