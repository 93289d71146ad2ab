import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Config } from '../../lib/config.js';
import { ErrorCode } from '../../lib/errors.js';
import { graphqlRuntime } from '../graphql-runtime.js';

const { parse, print, visit } = graphqlRuntime;

/**
 * Persisted operations, as Apollo Router has them:
 *   - `apq` (development): automatic persisted queries; any document, registered on first use.
 *   - `safelist` (production): front ends register their operations at build time in a manifest
 *     (Apollo's persisted-query-manifest format); a request names one by id
 *     (`extensions.persistedQuery.sha256Hash`, or `documentId`) or sends a document that is in the
 *     manifest; anything else is refused before it is parsed for execution.
 *   - `off`: documents only.
 */
export interface PersistedOperationsOptions {
  mode: 'off' | 'apq' | 'safelist';
  /** id → operation body, for `safelist`. */
  manifest?: ReadonlyMap<string, string>;
}

export interface PersistedManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: { id: string; name: string; type: 'query' | 'mutation' | 'subscription'; body: string }[];
}

export function loadManifest(path: string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as PersistedManifest;
  if (manifest.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1 || !Array.isArray(manifest.operations)) {
    throw new Error(`${path}: not an apollo-persisted-query-manifest version 1`);
  }
  return new Map(manifest.operations.map((o) => [o.id, o.body]));
}

export function persistedOptions(config: Pick<Config, 'persistedOperations' | 'persistedOperationsManifest'>): PersistedOperationsOptions {
  return config.persistedOperations === 'safelist'
    ? { mode: 'safelist', manifest: loadManifest(config.persistedOperationsManifest!) }
    : { mode: config.persistedOperations };
}

/** A manifest entry for each operation of the given documents: id = sha256 of the printed body. */
export function buildManifest(documents: string[]): PersistedManifest {
  const operations: PersistedManifest['operations'] = [];
  for (const source of documents) {
    const doc = parse(source);
    const fragments = new Map(doc.definitions.flatMap((d) => (d.kind === 'FragmentDefinition' ? [[d.name.value, d] as const] : [])));
    for (const op of doc.definitions) {
      if (op.kind !== 'OperationDefinition') continue;
      // The fragments the operation spreads, directly or through other fragments, in document order.
      const used = new Set<string>();
      const collect = (node: Parameters<typeof visit>[0]) =>
        visit(node, {
          FragmentSpread(spread) {
            if (used.has(spread.name.value)) return;
            used.add(spread.name.value);
            const f = fragments.get(spread.name.value);
            if (f) collect(f);
          },
        });
      collect(op);
      const body = [print(op), ...[...fragments.values()].filter((f) => used.has(f.name.value)).map((f) => print(f))].join('\n\n');
      operations.push({ id: sha256(body), name: op.name?.value ?? '', type: op.operation, body });
    }
  }
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface SafelistRefusal {
  code: string;
  message: string;
}

/**
 * Resolves one request body against the safelist, in place: an id becomes its registered
 * document. Returns why the request is refused, or null.
 */
export class Safelist {
  private readonly normalized: Set<string>;
  /** Documents already checked, by their text: most requests repeat a few dozen operations. */
  private readonly checked = new Map<string, boolean>();

  constructor(private readonly manifest: ReadonlyMap<string, string>) {
    this.normalized = new Set([...manifest.values()].map(normalize).filter((x): x is string => x !== null));
  }

  resolve(body: { query?: unknown; documentId?: unknown; extensions?: unknown }): SafelistRefusal | null {
    const extensions = (typeof body.extensions === 'object' && body.extensions !== null ? body.extensions : {}) as {
      persistedQuery?: { sha256Hash?: unknown };
    };
    const id =
      typeof body.documentId === 'string'
        ? body.documentId
        : typeof extensions.persistedQuery?.sha256Hash === 'string'
          ? extensions.persistedQuery.sha256Hash
          : null;
    if (id !== null) {
      const registered = this.manifest.get(id);
      if (registered === undefined)
        return { code: ErrorCode.PERSISTED_QUERY_NOT_FOUND, message: `未登记的操作 ${id.slice(0, 16)}… / no registered operation with this id` };
      body.query = registered;
      delete body.documentId;
      delete extensions.persistedQuery;
      return null;
    }
    if (typeof body.query !== 'string')
      return { code: ErrorCode.PERSISTED_QUERY_NOT_IN_LIST, message: '生产模式只接受已登记的操作 / only registered operations are accepted' };
    let ok = this.checked.get(body.query);
    if (ok === undefined) {
      const n = normalize(body.query);
      ok = n !== null && this.normalized.has(n);
      if (this.checked.size > 10_000) this.checked.clear();
      this.checked.set(body.query, ok);
    }
    return ok ? null : { code: ErrorCode.PERSISTED_QUERY_NOT_IN_LIST, message: '该操作未在安全清单中登记 / this operation is not in the safelist' };
  }
}

/** Whitespace, comments and commas do not make a different operation. */
function normalize(source: string): string | null {
  try {
    return print(parse(source, { noLocation: true, maxTokens: 50_000 }));
  } catch {
    return null;
  }
}
