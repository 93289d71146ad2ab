import type { GraphQLFormattedError } from 'graphql';
import type { IncrementalPayload } from './execution/federated-gateway.js';
import { ErrorCode, isKnownCode } from '../lib/errors.js';

/**
 * What a client may see of an error: its message and stable code, the subgraph it came from,
 * and details we put there on purpose. Stack traces, fetch internals and unknown faults are not.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const extensions = (formatted.extensions ?? {}) as Record<string, unknown>;
  const serviceName = typeof extensions.serviceName === 'string' ? extensions.serviceName : undefined;
  const code = extensions.code;
  const base = { locations: formatted.locations, path: formatted.path };

  if (isKnownCode(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    const { stacktrace: _s, exception: _e, http: _h, response: _r, ...rest } = extensions;
    return { ...base, message: formatted.message, extensions: rest };
  }
  if (serviceName === undefined) console.error('[gateway] internal error:', error);
  return { ...base, message: 'internal error / 内部错误', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...(serviceName ? { serviceName } : {}) } };
}

/**
 * A part after the first of an answer with @defer, as every transport sends it: its entries'
 * errors formatted as above; the last part may carry nothing but the end.
 */
export function formatLaterPart(part: Extract<IncrementalPayload, { incremental: unknown }>): { hasNext: boolean; incremental?: unknown[] } {
  if (part.incremental.length === 0) return { hasNext: part.hasNext };
  const incremental = part.incremental.map((entry) => ({ ...entry, errors: entry.errors?.map((e) => formatError(e.toJSON(), e)) }));
  return { hasNext: part.hasNext, incremental };
}
