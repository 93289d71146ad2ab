/**
 * Every default of the graph's limits and policies lives here; lib/config.ts reads the variables
 * that override them, and nothing else does.
 */

/**
 * The largest request body the gateway and subgraphs accept. A whole-catalogue import (575
 * packages, 2,742 tiers: about 2 MB of JSON, 3 MB pretty-printed) is the largest legitimate
 * request; the import itself is capped below this.
 */
export const MAX_REQUEST_BYTES = 24 * 1024 * 1024;

/** Apollo Router's request limits, with its names and error codes. */
export interface OperationLimits {
  /** Deepest nesting of fields, fragments inlined (Router `max_depth`). */
  maxDepth: number;
  /** Unique fields, fragments inlined; an aliased repeat of a field counts once (`max_height`). */
  maxHeight: number;
  /** Aliased fields, every use counted (`max_aliases`). */
  maxAliases: number;
  /** Root fields, every use counted (`max_root_fields`). */
  maxRootFields: number;
  /** Lexical tokens the parser reads before giving up (`parser_max_tokens`). */
  maxTokens: number;
  /** Nesting of braces, brackets and parentheses, checked before parsing (`parser_max_recursion`). */
  maxRecursion: number;
  /** Request body bytes (`http_max_request_bytes`): larger gets 413 before anything is read into GraphQL. */
  maxRequestBytes: number;
  /**
   * Bytes of the operation document itself (large inputs travel as variables). Every cache of
   * documents on the way — parsed documents, plans, each subgraph's — is bounded by count, so
   * this is what bounds them in bytes.
   */
  maxDocumentBytes: number;
}

/** Our defaults: above anything the counter front ends and GraphiQL's introspection send. */
export const DEFAULT_LIMITS: OperationLimits = {
  maxDepth: 20,
  maxHeight: 400,
  maxAliases: 30,
  maxRootFields: 20,
  maxTokens: 15_000,
  maxRecursion: 200,
  maxRequestBytes: MAX_REQUEST_BYTES,
  maxDocumentBytes: 64 * 1024,
};

/** Per-subgraph timeout and circuit breaker (gateway/datasource.ts). */
export interface SubgraphPolicy {
  /** A fetch slower than this is abandoned and its fields answered null with reason TIMEOUT. */
  timeoutMs: number;
  /** Consecutive failures that open the circuit. */
  breakerFailures: number;
  /** How long an open circuit answers at once without calling the subgraph; then one probe is let through. */
  breakerCooldownMs: number;
  /**
   * Identical queries in flight for the same identity share one fetch: the second waits for the
   * first's answer instead of asking again (each parses its own copy). Off for a subgraph whose
   * reads are audited, where each view is a row of its own.
   */
  shareInflight: boolean;
}

export const DEFAULT_SUBGRAPH_POLICY: SubgraphPolicy = { timeoutMs: 5000, breakerFailures: 5, breakerCooldownMs: 10_000, shareInflight: true };
