import type { VariableDefinitions } from '@apollo/federation-internals';
import { evaluateCondition, type DeferredNode, type FetchNode, type PlanNode, type QueryPlan, type ResponsePath } from '@apollo/query-planner';
import { applyRewrites } from '@apollo/gateway/dist/dataRewrites.js';
import type { GraphQLError, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { trace, type Tracer } from '@opentelemetry/api';
import { ErrorCode } from '../../lib/errors.js';
import { tracingEnabled } from '../../lib/telemetry.js';
import type { GatewayContext } from '../context.js';
import type { SubgraphSource } from '../datasource.js';
import { graphqlRuntime } from '../graphql-runtime.js';
import { EntityBatcher } from './entity-batch.js';
import { fetchDocument } from './fetch-document.js';
import { deepMerge, isObject } from './merge.js';
import { DistinctRepresentations } from './representations.js';

type Json = Record<string, unknown>;

/** What one request's plan runs with. */
export interface PlanRun {
  sources: ReadonlyMap<string, SubgraphSource>;
  /** The supergraph schema, for type conditions on entity representations. */
  supergraphSchema: GraphQLSchema;
  variableDefinitions: VariableDefinitions;
  variables: Json;
  context: GatewayContext;
  /**
   * Where the parts a plan defers are left, by label, to be run after the answer so far is out
   * (executeDeferred). Without it a deferred part runs at once, within the plan: the client then
   * gets everything in one answer, as incremental delivery allows.
   */
  deferred?: Map<string, DeferredNode>;
}

/** A run as the executor walks it: with the one batcher its entity fetches go through. */
interface Run extends PlanRun {
  batcher: EntityBatcher;
}

interface Cursor {
  path: ResponsePath;
  /** One object, or the objects a Flatten path reached. */
  data: unknown;
}

const tracer = (): Tracer => trace.getTracer('lingxi-gateway');

/**
 * Runs a query plan from @apollo/query-planner: fetches in the plan's order (Sequence) or at once
 * (Parallel), entity fetches fed with representations of what earlier fetches returned, each answer
 * merged into one result tree. A subgraph's errors are kept, their paths moved into the client's
 * operation and the subgraph named; its fields stay missing and response shaping nulls them.
 */
export async function executePlan(plan: QueryPlan, run: PlanRun): Promise<{ data: Json; errors: GraphQLError[] }> {
  const data: Json = Object.create(null);
  const errors: GraphQLError[] = [];
  const node = plan.node;
  if (node?.kind === 'Subscription') throw new Error('subscriptions are executed by the subscription server, not as a plan');
  if (node) await executeNode(node, { path: [], data }, { ...run, batcher: new EntityBatcher(run.context) }, data, errors);
  return { data, errors };
}

async function executeNode(node: PlanNode, cursor: Cursor, run: Run, root: Json, errors: GraphQLError[]): Promise<void> {
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await executeNode(child, cursor, run, root, errors);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => executeNode(child, cursor, run, root, errors)));
      return;
    case 'Flatten': {
      const data = flattenAt(cursor.data, node.path);
      if (data !== null && data !== undefined) await executeNode(node.node, { path: [...cursor.path, ...node.path], data }, run, root, errors);
      return;
    }
    case 'Fetch':
      try {
        if (tracingEnabled()) {
          await tracer().startActiveSpan('gateway.fetch', { attributes: { 'graphql.subgraph': node.serviceName } }, async (span) => {
            try {
              await executeFetch(node, cursor, run, root, errors);
            } finally {
              span.end();
            }
          });
        } else {
          await executeFetch(node, cursor, run, root, errors);
        }
      } catch (error) {
        errors.push(
          error instanceof graphqlRuntime.GraphQLError ? error : new graphqlRuntime.GraphQLError((error as Error).message, { originalError: error as Error }),
        );
      }
      return;
    case 'Condition': {
      const branch = evaluateCondition(node, run.variableDefinitions, run.variables) ? node.ifClause : node.elseClause;
      if (branch) await executeNode(branch, cursor, run, root, errors);
      return;
    }
    case 'Defer': {
      if (node.primary.node) await executeNode(node.primary.node, cursor, run, root, errors);
      const { deferred } = run;
      if (deferred) {
        for (const part of node.deferred) deferred.set(part.label ?? '', part);
        return;
      }
      // Deferred parts' paths start at the root of the answer, as the plan's own do.
      await Promise.all(node.deferred.map((part) => part.node && executeNode(part.node, { path: [], data: root }, run, root, errors)));
      return;
    }
  }
}

/**
 * Runs a part the plan deferred, over the answer the plan merged so far (`data`, from
 * executePlan); parts deferred inside it land in `run.deferred` in turn.
 */
export async function executeDeferred(part: DeferredNode, data: Json, run: PlanRun): Promise<GraphQLError[]> {
  const errors: GraphQLError[] = [];
  if (part.node) await executeNode(part.node, { path: [], data }, { ...run, batcher: new EntityBatcher(run.context) }, data, errors);
  return errors;
}

/** The variables a fetch's operation uses, of those the client sent. */
export function fetchVariables(fetch: FetchNode, all: Json): Json {
  const variables: Json = Object.create(null);
  for (const name of fetch.variableUsages ?? []) {
    if (Object.hasOwn(all, name) && all[name] !== undefined) variables[name] = all[name];
  }
  return variables;
}

/** The values at a Flatten path; '@' steps into every element of a list. */
function flattenAt(value: unknown, path: ResponsePath): unknown {
  let at = value;
  let i = 0;
  for (; i < path.length && path[i] !== '@'; i++) {
    if (at === null || at === undefined) return at;
    if (Array.isArray(at) || typeof at !== 'object') return undefined;
    at = Object.hasOwn(at, path[i]) ? (at as Json)[path[i] as string] : undefined;
  }
  if (i === path.length || at === null || at === undefined) return at;
  if (!Array.isArray(at)) return undefined;
  const out: unknown[] = [];
  for (const element of at) collectAt(element, path, i + 1, out);
  return out;
}

/** What a path with list steps reaches, pushed in order: at a '@' each element is followed. */
function collectAt(value: unknown, path: ResponsePath, from: number, out: unknown[]): void {
  if (value === undefined) return;
  if (from === path.length || value === null) {
    // The list the path ends on is spread one level, as the elements of a '@' are.
    if (Array.isArray(value)) out.push(...value);
    else out.push(value);
    return;
  }
  const step = path[from];
  if (step === '@') {
    if (Array.isArray(value)) for (const element of value) collectAt(element, path, from + 1, out);
    return;
  }
  if (Array.isArray(value) || typeof value !== 'object') return;
  collectAt(Object.hasOwn(value, step) ? (value as Json)[step as string] : undefined, path, from + 1, out);
}

async function executeFetch(fetch: FetchNode, cursor: Cursor, run: Run, root: Json, errors: GraphQLError[]): Promise<void> {
  const source = run.sources.get(fetch.serviceName);
  if (!source) throw new Error(`no subgraph named "${fetch.serviceName}" in the supergraph`);
  const entities = (Array.isArray(cursor.data) ? cursor.data : [cursor.data]).filter((e): e is Json => e !== null && e !== undefined);
  if (entities.length === 0) return;
  const variables = fetchVariables(fetch, run.variables);
  // Per representation sent, the entity it was read from (for error paths).
  let entityIndex: readonly number[] = [];
  if (!fetch.requires) {
    const received = await send(variables);
    if (!received) return;
    applyRewrites(run.supergraphSchema, fetch.outputRewrites, received);
    for (const entity of entities) deepMerge(entity, received);
    return;
  }

  const distinct = new DistinctRepresentations(run.supergraphSchema, fetch);
  for (let i = 0; i < entities.length; i++) distinct.add(entities[i], i);
  const { representations, keys, targets } = distinct;
  entityIndex = distinct.firstIndex;
  if (representations.length === 0) return;
  const received = await send(variables, { representations, keys });
  if (!received) return;
  const answered = received._entities;
  if (!Array.isArray(answered) || answered.length !== representations.length) {
    throw new graphqlRuntime.GraphQLError(
      `子图 ${fetch.serviceName} 返回的实体数不符 / subgraph ${fetch.serviceName} answered ${Array.isArray(answered) ? answered.length : 'no'} entities for ${representations.length}`,
      {
        extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, reason: 'BAD_RESPONSE', serviceName: fetch.serviceName },
      },
    );
  }
  for (let i = 0; i < targets.length; i++) {
    const entity = answered[i] as Json | null;
    if (!entity) continue;
    const [first, ...more] = targets[i];
    if (!entity.__typename) entity.__typename = first.__typename;
    applyRewrites(run.supergraphSchema, fetch.outputRewrites, entity);
    // Each further path gets its own copy: later fetches merge into what a path holds, and two
    // paths must not share objects a fetch for one of them would change under the other.
    for (const target of more) deepMerge(target, entity, true);
    deepMerge(first, entity);
  }

  async function send(vars: Json, entities?: { representations: Json[]; keys: string[] }): Promise<Json | null | undefined> {
    const response = entities
      ? await run.batcher.process(fetch, source!, vars, entities.representations, entities.keys)
      : await run.batcher.track(source!.process({ query: fetch.operation, variables: vars, operationName: fetch.operationName }, run.context));
    if (response.errors?.length) {
      const pathOf = errorPaths(fetch, cursor, root, entityIndex);
      for (const error of response.errors) errors.push(downstreamError(error, fetch.serviceName, pathOf));
    }
    return response.data as Json | null | undefined;
  }
}

/**
 * Moves a subgraph error's path into the client's operation. An entity fetch's errors point at
 * `_entities[i]`: that is the i-th object the Flatten path reached, found by walking the result.
 */
function errorPaths(
  fetch: FetchNode,
  cursor: Cursor,
  root: Json,
  entityIndex: readonly number[],
): (path: readonly (string | number)[] | undefined) => (string | number)[] | undefined {
  let entityPaths: (string | number)[][] | null = null;
  return (path) => {
    if (!path) {
      // The fetch failed whole (unreachable, timed out, circuit open): the error belongs where the
      // fetch's first field would have gone, so a client can tell which part of its answer is missing.
      const field = firstField(fetch);
      if (!fetch.requires) return field ? [...cursor.path.filter((s) => s !== '@'), field] : undefined;
      entityPaths ??= concretePaths(root, cursor.path);
      const at = entityPaths[entityIndex[0] ?? 0];
      return at ? (field ? [...at, field] : at) : undefined;
    }
    if (fetch.requires && typeof path[1] === 'number') {
      entityPaths ??= concretePaths(root, cursor.path);
      return [...(entityPaths[entityIndex[path[1]] ?? -1] ?? []), ...path.slice(2)];
    }
    return [...cursor.path, ...path];
  };
}

const firstFields = new WeakMap<FetchNode, string | null>();

/** The response name of the first field a fetch asks for (inside `_entities` for an entity fetch). */
function firstField(fetch: FetchNode): string | null {
  let name = firstFields.get(fetch);
  if (name !== undefined) return name;
  name = null;
  try {
    const document = fetchDocument(fetch);
    const operation = document.definitions.find((d) => d.kind === 'OperationDefinition');
    let selections = operation && 'selectionSet' in operation ? (operation.selectionSet?.selections ?? []) : [];
    if (fetch.requires) {
      const entities = selections.find((s) => s.kind === 'Field' && s.name.value === '_entities');
      selections = entities && entities.kind === 'Field' ? (entities.selectionSet?.selections ?? []) : [];
    }
    for (let depth = 0; depth < 4 && selections.length > 0 && !name; depth++) {
      const field = selections.find((s) => s.kind === 'Field' && s.name.value !== '__typename');
      if (field && field.kind === 'Field') name = field.alias?.value ?? field.name.value;
      else selections = selections.flatMap((s) => (s.kind === 'InlineFragment' ? s.selectionSet.selections : []));
    }
  } catch {
    name = null;
  }
  firstFields.set(fetch, name);
  return name;
}

/** Every concrete path a Flatten path ('@' for any index) reaches, in the order Flatten visits them. */
function concretePaths(root: unknown, pattern: ResponsePath): (string | number)[][] {
  const out: (string | number)[][] = [];
  const walk = (value: unknown, at: number, prefix: (string | number)[]) => {
    if (value === null || value === undefined) return;
    if (at === pattern.length) {
      if (Array.isArray(value))
        value.forEach((v, i) => {
          if (v !== null && v !== undefined) out.push([...prefix, i]);
        });
      else out.push(prefix);
      return;
    }
    const step = pattern[at];
    if (step === '@') {
      if (Array.isArray(value))
        value.forEach((v, i) => {
          walk(v, at + 1, [...prefix, i]);
        });
    } else if (isObject(value) && Object.hasOwn(value, step)) {
      walk(value[step as string], at + 1, [...prefix, step]);
    }
  };
  walk(root, 0, []);
  return out;
}

/** A subgraph's error as the client sees it: its message and code, the subgraph named, the path moved. */
function downstreamError(
  error: GraphQLFormattedError,
  serviceName: string,
  pathOf: (path: readonly (string | number)[] | undefined) => (string | number)[] | undefined,
): GraphQLError {
  const extensions: Record<string, unknown> = { ...error.extensions, serviceName };
  extensions.code ??= 'DOWNSTREAM_SERVICE_ERROR';
  return new graphqlRuntime.GraphQLError(error.message || `subgraph ${serviceName} failed`, { path: pathOf(error.path), extensions });
}
