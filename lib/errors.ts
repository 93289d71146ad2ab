import { GraphQLError } from 'graphql';

/**
 * The one error catalogue. Every error a client can see carries one of these codes in
 * extensions.code; anything else is an internal fault and is reported without internals.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  /** Also a stale version (optimistic concurrency): extensions.reason STALE_VERSION and currentVersion. */
  CONFLICT: 'CONFLICT',
  /** A step the handling session's state does not allow; extensions.status names the state. */
  ILLEGAL_STATE: 'ILLEGAL_STATE',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  OUT_OF_STOCK: 'OUT_OF_STOCK',
  /** The offer breaks a hard rule for this customer; extensions.problems says which. */
  NOT_ELIGIBLE: 'NOT_ELIGIBLE',
  APPROVAL_REQUIRED: 'APPROVAL_REQUIRED',
  /** An approved offer whose customer left: submitted by the customer's own remote confirmation, or after a fresh signature at the counter. */
  CONFIRMATION_REQUIRED: 'CONFIRMATION_REQUIRED',
  /** The customer already ordered this offer today: submitted again only when the clerk says so (confirmRepeat). */
  REPEAT_ORDER: 'REPEAT_ORDER',
  FORM_NOT_SIGNED: 'FORM_NOT_SIGNED',
  FORM_CHANGED: 'FORM_CHANGED',
  SIGNATURE_EMPTY: 'SIGNATURE_EMPTY',
  SIGNATURE_TOO_LARGE: 'SIGNATURE_TOO_LARGE',
  SIGNATURE_INVALID: 'SIGNATURE_INVALID',
  /** A rule set that failed validation; extensions.problems lists every problem with path and line. */
  RULE_SET_INVALID: 'RULE_SET_INVALID',
  /** A subgraph down, slow past its timeout, or behind an open circuit; extensions.serviceName and reason. */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  // The gateway's protections, with Apollo Router's codes.
  UNAUTHORIZED_FIELD_OR_TYPE: 'UNAUTHORIZED_FIELD_OR_TYPE',
  MAX_DEPTH_LIMIT: 'MAX_DEPTH_LIMIT',
  MAX_HEIGHT_LIMIT: 'MAX_HEIGHT_LIMIT',
  MAX_ALIASES_LIMIT: 'MAX_ALIASES_LIMIT',
  MAX_ROOT_FIELDS_LIMIT: 'MAX_ROOT_FIELDS_LIMIT',
  MAX_RECURSIVE_SELECTIONS_LIMIT: 'MAX_RECURSIVE_SELECTIONS_LIMIT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  PERSISTED_QUERY_NOT_IN_LIST: 'PERSISTED_QUERY_NOT_IN_LIST',
  /** An operation with a field no subgraph can supply; extensions.field names it. */
  QUERY_PLANNING_FAILED: 'QUERY_PLANNING_FAILED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  // Produced by graphql-js / Apollo Server themselves for malformed operations.
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  BAD_REQUEST: 'BAD_REQUEST',
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const known = new Set<string>(Object.values(ErrorCode));
export function isKnownCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && known.has(code);
}

const httpStatus: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403 };

export function appError(code: ErrorCode, message: string, details: Record<string, unknown> = {}): GraphQLError {
  const status = httpStatus[code];
  return new GraphQLError(message, {
    extensions: { code, ...details, ...(status ? { http: { status } } : {}) },
  });
}

export const badUserInput = (message: string, details: Record<string, unknown> = {}) => appError(ErrorCode.BAD_USER_INPUT, message, details);
export const unauthenticated = (message: string) => appError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message: string) => appError(ErrorCode.FORBIDDEN, message);
