import type { DocumentNode, FragmentDefinitionNode, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { ErrorCode } from '../../lib/errors.js';
import { graphqlRuntime } from '../graphql-runtime.js';

const { GraphQLError, Kind } = graphqlRuntime;
type GraphQLError = InstanceType<typeof GraphQLError>;

import type { OperationLimits } from '../../lib/limits.js';

/**
 * Router's `max_recursive_selections`: fragments spread into fragments multiply the work (a
 * "fragment bomb" of 20 levels is a million selections). The introspection query is a few hundred.
 */
const MAX_SELECTION_VISITS = 100_000;

export interface OperationMeasure {
  depth: number;
  height: number;
  aliases: number;
  rootFields: number;
  /** Set when the walk stopped at MAX_SELECTION_VISITS. */
  exhausted: boolean;
}

/** Measures an operation of a validated document (no fragment cycles), fragments inlined. */
export function measureOperation(document: DocumentNode, operation: OperationDefinitionNode): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const unique = new Set<string>();
  const m: OperationMeasure = { depth: 0, height: 0, aliases: 0, rootFields: 0, exhausted: false };
  let visits = 0;
  const walk = (set: SelectionSetNode, depth: number, path: string): void => {
    for (const s of set.selections) {
      if (++visits > MAX_SELECTION_VISITS) {
        m.exhausted = true;
        return;
      }
      if (s.kind === Kind.FIELD) {
        if (depth === 1) m.rootFields++;
        if (s.alias) m.aliases++;
        if (depth > m.depth) m.depth = depth;
        const key = `${path}.${s.name.value}`;
        unique.add(key);
        if (s.selectionSet) walk(s.selectionSet, depth + 1, key);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        walk(s.selectionSet, depth, path);
      } else {
        const f = fragments.get(s.name.value);
        if (f) walk(f.selectionSet, depth, path);
      }
      if (m.exhausted) return;
    }
  };
  walk(operation.selectionSet, 1, '');
  m.height = unique.size;
  return m;
}

function limitError(code: string, message: string, measured: number, limit: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code, measured, limit, http: { status: 400 } } });
}

/** The first limit an operation breaks, as the error the client gets, or null. */
export function checkOperation(m: OperationMeasure, limits: OperationLimits): GraphQLError | null {
  if (m.exhausted)
    return limitError(
      ErrorCode.MAX_RECURSIVE_SELECTIONS_LIMIT,
      `操作展开后的选择过多 / the operation expands to more than ${MAX_SELECTION_VISITS} selections`,
      MAX_SELECTION_VISITS,
      MAX_SELECTION_VISITS,
    );
  if (m.depth > limits.maxDepth)
    return limitError(
      ErrorCode.MAX_DEPTH_LIMIT,
      `操作嵌套深度 ${m.depth} 超过上限 ${limits.maxDepth} / maximum depth limit exceeded in this operation`,
      m.depth,
      limits.maxDepth,
    );
  if (m.height > limits.maxHeight)
    return limitError(
      ErrorCode.MAX_HEIGHT_LIMIT,
      `操作字段数 ${m.height} 超过上限 ${limits.maxHeight} / maximum height (field count) limit exceeded in this operation`,
      m.height,
      limits.maxHeight,
    );
  if (m.aliases > limits.maxAliases)
    return limitError(
      ErrorCode.MAX_ALIASES_LIMIT,
      `操作别名数 ${m.aliases} 超过上限 ${limits.maxAliases} / maximum aliases limit exceeded in this operation`,
      m.aliases,
      limits.maxAliases,
    );
  if (m.rootFields > limits.maxRootFields)
    return limitError(
      ErrorCode.MAX_ROOT_FIELDS_LIMIT,
      `根字段数 ${m.rootFields} 超过上限 ${limits.maxRootFields} / maximum root fields limit exceeded in this operation`,
      m.rootFields,
      limits.maxRootFields,
    );
  return null;
}

/**
 * The deepest nesting of { [ ( in a document, read lexically (strings, block strings and comments
 * skipped) so that a hostile document is refused before the recursive-descent parser sees it.
 * Stops counting once past `limit`.
 */
export function nestingDepth(source: string, limit: number): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 0x23 /* # */) {
      while (i < source.length && source.charCodeAt(i) !== 0x0a && source.charCodeAt(i) !== 0x0d) i++;
    } else if (c === 0x22 /* " */) {
      if (source.startsWith('"""', i)) {
        const end = source.indexOf('"""', i + 3);
        i = end < 0 ? source.length : end + 2;
        // An escaped \""" inside a block string is rare enough to count as an end: it only shortens the skip.
      } else {
        for (i++; i < source.length; i++) {
          const d = source.charCodeAt(i);
          if (d === 0x5c /* \ */) i++;
          else if (d === 0x22 || d === 0x0a || d === 0x0d) break;
        }
      }
    } else if (c === 0x7b || c === 0x5b || c === 0x28) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d || c === 0x5d || c === 0x29) {
      depth--;
    }
  }
  return max;
}

/**
 * The checks a document meets before it is parsed, for HTTP operations and subscriptions alike:
 * its size in bytes, then its nesting. The error carries the HTTP status to answer with.
 */
export function screenDocument(query: string, limits: Pick<OperationLimits, 'maxDocumentBytes' | 'maxRecursion'>): GraphQLError | null {
  // A UTF-8 character is at most 3 bytes per UTF-16 unit: short documents need no byte count.
  const bytes = query.length * 3 <= limits.maxDocumentBytes ? 0 : Buffer.byteLength(query);
  if (bytes > limits.maxDocumentBytes) return documentTooLarge(bytes, limits.maxDocumentBytes);
  const depth = nestingDepth(query, limits.maxRecursion);
  return depth > limits.maxRecursion ? recursionError(depth, limits.maxRecursion) : null;
}

function documentTooLarge(bytes: number, limit: number): GraphQLError {
  return new GraphQLError(`操作文档 ${bytes} 字节，超过上限 ${limit} / the operation document is larger than ${limit} bytes (send large inputs as variables)`, {
    extensions: { code: ErrorCode.PAYLOAD_TOO_LARGE, reason: 'DOCUMENT_TOO_LARGE', measured: bytes, limit, http: { status: 413 } },
  });
}

function recursionError(depth: number, limit: number): GraphQLError {
  return new GraphQLError(`文档嵌套超过 ${limit} 层 / the document nests deeper than the parser allows (${limit})`, {
    extensions: { code: ErrorCode.GRAPHQL_PARSE_FAILED, reason: 'RECURSION_LIMIT', measured: depth, limit, http: { status: 400 } },
  });
}
