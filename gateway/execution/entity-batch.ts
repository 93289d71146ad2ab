import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { FetchNode } from '@apollo/query-planner';
import type { FragmentDefinitionNode, GraphQLFormattedError, OperationDefinitionNode, VariableDefinitionNode } from 'graphql';
import type { GatewayContext } from '../context.js';
import type { SubgraphSource } from '../datasource.js';
import { graphqlRuntime } from '../graphql-runtime.js';
import { fetchDocument } from './fetch-document.js';

const { Kind, print, visit } = graphqlRuntime;

type Json = Record<string, unknown>;

interface Call {
  fetch: FetchNode;
  variables: Json;
  representations: Json[];
  /** Each representation's JSON, as the executor deduplicated them by. */
  keys: string[];
  resolve: (response: GatewayGraphQLResponse) => void;
  reject: (error: unknown) => void;
}

interface Batch {
  source: SubgraphSource;
  calls: Call[];
}

/** How long a queued fetch may wait for the request's fetches in flight before it goes anyway. */
const MAX_WAIT_MS = 20;

/**
 * Entity fetches of one request to one subgraph go as one operation, each fetch's `_entities`
 * under an alias of its own, fetches asking the same selection sharing one alias with their
 * representations deduplicated; each fetch gets back exactly the answer it would have had on its
 * own, errors and all. One round trip and one execution in the subgraph instead of one per path.
 *
 * Fetches are sent in waves: what the plan's walk queues while none of the request's fetches is
 * in flight goes at once (the branches of a Parallel, the first steps of its Sequences); what is
 * queued while some are in flight waits until they have all landed, so the branches of a Parallel
 * that reach the same subgraph at the same depth (the users' and the top products' reviews, then
 * their products) share a request, as Hive's Rust planner plans them — but never longer than
 * MAX_WAIT_MS, so a slow subgraph holds back no other branch for long.
 */
export class EntityBatcher {
  private readonly batches = new Map<string, Batch>();
  private scheduled = false;
  /** This request's fetches sent and not yet answered. */
  private inflight = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly context: GatewayContext) {}

  process(fetch: FetchNode, source: SubgraphSource, variables: Json, representations: Json[], keys: string[]): Promise<GatewayGraphQLResponse> {
    return new Promise((resolve, reject) => {
      let batch = this.batches.get(fetch.serviceName);
      if (!batch) this.batches.set(fetch.serviceName, (batch = { source, calls: [] }));
      batch.calls.push({ fetch, variables, representations, keys, resolve, reject });
      if (this.inflight === 0) {
        if (!this.scheduled) {
          this.scheduled = true;
          // Once the plan's synchronous walk is done: everything it reaches now is queued by then.
          queueMicrotask(() => this.flush());
        }
      } else this.timer ??= setTimeout(() => this.flush(), MAX_WAIT_MS);
    });
  }

  /** Counts a fetch sent on its own (a root fetch) as in flight. */
  track<T>(sent: Promise<T>): Promise<T> {
    this.inflight++;
    return sent.finally(() => this.landed());
  }

  private landed(): void {
    this.inflight--;
    // Once the answers' continuations have run (each takes a few microtasks to reach its next
    // fetch): whatever they queue meanwhile goes together.
    if (this.inflight === 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batches = [...this.batches.values()];
    this.batches.clear();
    for (const batch of batches)
      void this.track(
        send(batch, this.context).catch((error: unknown) => {
          // Sources answer failures as GraphQL errors; anything thrown still reaches every fetch that waited.
          for (const call of batch.calls) call.reject(error);
        }),
      );
  }
}

async function send({ source, calls }: Batch, context: GatewayContext): Promise<void> {
  if (calls.length === 1) {
    const [call] = calls;
    const response = await source.process(
      { query: call.fetch.operation, variables: { ...call.variables, representations: call.representations }, operationName: call.fetch.operationName },
      context,
    );
    return call.resolve(response);
  }
  const merged = mergedOperation(calls.map((c) => c.fetch));
  const variables: Json = Object.create(null);
  // Per alias: its representations, each once; per call: where each of its representations went.
  const groups = Array.from({ length: merged.groupCount }, () => ({ representations: [] as Json[], seen: new Map<string, number>() }));
  const placed = calls.map((call, i) => {
    Object.assign(variables, call.variables);
    const group = groups[merged.groupOf[i]];
    return call.representations.map((representation, r) => {
      const key = call.keys[r];
      let at = group.seen.get(key);
      if (at === undefined) {
        group.seen.set(key, (at = group.representations.length));
        group.representations.push(representation);
      }
      return at;
    });
  });
  groups.forEach((group, g) => {
    variables[`r${g}`] = group.representations;
  });
  const response = await source.process({ query: merged.query, variables, operationName: merged.operationName }, context);
  const data = response.data as Json | null | undefined;
  const handedOut = groups.map(() => new Set<number>());
  calls.forEach((call, i) => {
    const g = merged.groupOf[i];
    const answered = data?.[`_${g}`];
    const entities = Array.isArray(answered)
      ? placed[i].map((at) => {
          const entity = answered[at];
          // An answer two fetches share is the first one's; the second merges into a copy of its own.
          if (handedOut[g].has(at)) return structuredClone(entity);
          handedOut[g].add(at);
          return entity;
        })
      : answered;
    const errors = (response.errors ?? []).flatMap((error) => errorFor(error, g, placed[i]));
    call.resolve({ data: data ? { _entities: entities } : data, ...(errors.length ? { errors } : {}) });
  });
}

/** A merged answer's error as one call would have had it: under its alias, at its own index; an error of no path is every call's. */
function errorFor(error: GraphQLFormattedError, group: number, placed: readonly number[]): GraphQLFormattedError[] {
  if (!error.path?.length) return [error];
  if (error.path[0] !== `_${group}`) return [];
  const [, at, ...rest] = error.path;
  const indices = typeof at === 'number' ? placed.flatMap((p, k) => (p === at ? [k] : [])) : [];
  if (indices.length === 0) return typeof at === 'number' ? [] : [{ ...error, path: ['_entities', ...error.path.slice(1)] }];
  return indices.map((k) => ({ ...error, path: ['_entities', k, ...rest] }));
}

interface Merged {
  query: string;
  operationName: string;
  /** The alias group of each fetch, in the order given. */
  groupOf: number[];
  groupCount: number;
}

/** Merged operations by the fetches they join: plans are cached, so the same few recur. */
const mergedCache = new Map<string, Merged>();
/** An operation's text without its name: fetches that differ only in name ask the same thing. */
const selectionKey = (operation: string) => operation.replace(/^\s*query\s+\w+/, 'query');

function mergedOperation(fetches: readonly FetchNode[]): Merged {
  const cacheKey = fetches.map((f) => f.operation).join('\u0000');
  const hit = mergedCache.get(cacheKey);
  if (hit) return hit;
  const groups: string[] = [];
  const groupOf = fetches.map((f) => {
    const key = selectionKey(f.operation);
    let g = groups.indexOf(key);
    if (g < 0) g = groups.push(key) - 1;
    return g;
  });
  const variableDefinitions = new Map<string, VariableDefinitionNode>();
  const selections: OperationDefinitionNode['selectionSet']['selections'][number][] = [];
  const fragments: FragmentDefinitionNode[] = [];
  groups.forEach((_, g) => {
    const fetch = fetches[groupOf.indexOf(g)];
    const document = fetchDocument(fetch);
    // Fragment names are the planner's, per fetch: suffixed per alias, so two fetches' fragments cannot clash.
    const renamed = visit(document, {
      FragmentDefinition: (node) => ({ ...node, name: { ...node.name, value: `${node.name.value}__${g}` } }),
      FragmentSpread: (node) => ({ ...node, name: { ...node.name, value: `${node.name.value}__${g}` } }),
      Variable: (node) => (node.name.value === 'representations' ? { ...node, name: { ...node.name, value: `r${g}` } } : node),
    });
    for (const definition of renamed.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.push(definition);
      else if (definition.kind === Kind.OPERATION_DEFINITION) {
        for (const v of definition.variableDefinitions ?? []) variableDefinitions.set(v.variable.name.value, v);
        for (const selection of definition.selectionSet.selections) {
          selections.push(selection.kind === Kind.FIELD ? { ...selection, alias: { kind: Kind.NAME, value: `_${g}` } } : selection);
        }
      }
    }
  });
  const operationName = `${fetches[0].operationName ?? 'Entities'}__batch`;
  const operation: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: 'query' as OperationDefinitionNode['operation'],
    name: { kind: Kind.NAME, value: operationName },
    variableDefinitions: [...variableDefinitions.values()],
    selectionSet: { kind: Kind.SELECTION_SET, selections },
  };
  const merged = { query: print({ kind: Kind.DOCUMENT, definitions: [operation, ...fragments] }), operationName, groupOf, groupCount: groups.length };
  if (mergedCache.size > 1000) mergedCache.clear();
  mergedCache.set(cacheKey, merged);
  return merged;
}
