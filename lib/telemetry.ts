import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';

let registered = false;

/** Whether a tracer provider is registered: without one, spans are not worth opening. */
export const tracingEnabled = (): boolean => registered;

/**
 * OpenTelemetry tracing for the gateway and subgraphs. The gateway makes spans (request, plan,
 * fetch) through @opentelemetry/api; with a provider registered they are recorded, the W3C trace
 * context goes to each subgraph in `traceparent`, and each subgraph continues the trace. Export is
 * OTLP over HTTP to `tracesUrl` (lib/config.ts reads it from the standard OTEL_EXPORTER_OTLP_*
 * variables); without one nothing is registered and tracing costs nothing.
 */
export function startTracing(
  serviceName: string,
  tracesUrl: string | null,
  processors: SpanProcessor[] = tracesUrl ? [new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl }))] : [],
): NodeTracerProvider | null {
  if (processors.length === 0) return null;
  registered = true;
  const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ 'service.name': serviceName }), spanProcessors: processors });
  provider.register();
  return provider;
}

/** Writes the active trace context into outgoing headers. */
export function injectTraceContext(set: (key: string, value: string) => void): void {
  propagation.inject(context.active(), {}, { set: (_carrier, key, value) => set(key, value) });
}

const tracer = () => trace.getTracer('lingxi-graph');

/** A server span for one incoming request, continuing the caller's trace from its headers. */
export function startServerSpan(name: string, headers: Record<string, string | string[] | undefined>, attributes: Record<string, string>): Span {
  const parent = propagation.extract(context.active(), headers, {
    get: (carrier, key) => {
      const v = carrier[key];
      return Array.isArray(v) ? v[0] : v;
    },
    keys: (carrier) => Object.keys(carrier),
  });
  return tracer().startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
}

export function endSpan(span: Span, statusCode: number): void {
  span.setAttribute('http.response.status_code', statusCode);
  if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}
