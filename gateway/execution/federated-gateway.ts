import { operationFromDocument, Supergraph, type Operation, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type DeferredNode, type FetchNode, type QueryPlan } from '@apollo/query-planner';
import type {
  GatewayExecutionResult,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewaySchemaLoadOrUpdateCallback,
} from '@apollo/server-gateway-interface';
import { context, trace, type Context as TraceContext, type Span } from '@opentelemetry/api';
import type { DocumentNode, FieldNode, GraphQLError, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { ErrorCode } from '../../lib/errors.js';
import { tracingEnabled } from '../../lib/telemetry.js';
import type { GatewayContext } from '../context.js';
import type { SubgraphSource } from '../datasource.js';
import { graphqlRuntime } from '../graphql-runtime.js';
import { auditingSubgraphs, withAuditedEntities } from './audited-entities.js';
import { labelDefers } from './defer-labels.js';
import { executeDeferred, executePlan, fetchVariables, type PlanRun } from './plan-executor.js';
import { passthroughFetch } from './passthrough.js';
import { unplannedField } from './plan-coverage.js';
import { keyCatalog, reenterThroughResolvableKeys, type KeyCatalog } from './resolvable-keys.js';
import { deferredFragments, shapeDeferred, shapeResponse, type DeferredFragment } from './shape-response.js';
import { mergeCopies, requirementsOf, splitRequirementConflicts, type CopyTree, type Requirements } from './requirement-conflicts.js';
import { clientPath, requiredFields, restoreClientNames, separateRequiredFields, type AliasTree, type RequiredFields } from './required-field-conflicts.js';

/** An operation made ready once: its plan, and the operation response shaping walks. */
interface Prepared {
  plan: QueryPlan;
  operation: Operation;
  /** Client fields planned under aliases of their own (see required-field-conflicts.ts). */
  aliases: { tree: AliasTree; names: ReadonlyMap<string, string> } | null;
  /** The plan's one fetch, when its answer is the client's answer as it comes (see passthrough.ts). */
  passthrough: FetchNode | null;
  /** Fields planned under copies of their parents, for requirements of their own (see requirement-conflicts.ts). */
  copies: { tree: CopyTree; names: ReadonlyMap<string, string> } | null;
  /** For an operation with @defer: the client's label of each of the gateway's (see defer-labels.ts). */
  clientLabels: ReadonlyMap<string, string | undefined> | null;
}

type Json = Record<string, unknown>;

/** One deferred fragment's answer at one place, as incremental delivery sends it. */
export interface IncrementalEntry {
  data: Json | null;
  path: (string | number)[];
  label?: string;
  errors?: GraphQLError[];
  extensions?: Json;
}

/** The parts of an answer with @defer, in the order sent: the first, then the deferred parts as they are ready. */
export type IncrementalPayload = (GatewayExecutionResult & { hasNext: true }) | { incremental: IncrementalEntry[]; hasNext: boolean };

/** A subgraph of the supergraph: its name, URL, and whether its reads are an audit trail (see audited-entities.ts). */
export interface SubgraphInfo {
  name: string;
  url?: string;
  audited: boolean;
}

/** One operation to run: `key` names its document (a hash, or the text itself) for the plan cache. */
export interface OperationRequest {
  key: string;
  document: DocumentNode;
  operationName: string | undefined;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
  context: GatewayContext;
}

/** Distinct operations kept planned; front ends send a few hundred at most. */
const PREPARED_LIMIT = 2000;

/**
 * The federation gateway behind @apollo/server: @apollo/query-planner plans (the planner
 * @apollo/gateway uses, so plans are the same), and our executor runs them. Stock @apollo/gateway
 * rebuilt the planner's operation from the document on every request and wrapped each plan node in
 * usage-reporting objects; here an operation is parsed into the planner's form and planned once,
 * and a request only fetches, merges and shapes.
 */
/** What one supergraph makes: schemas, planner, plans made so far and the subgraphs' sources. */
interface Loaded {
  sdl: string;
  /** The API schema clients see (graphql-js). */
  schema: GraphQLSchema;
  subgraphs: readonly SubgraphInfo[];
  apiSchema: Schema;
  supergraphSchema: GraphQLSchema;
  planner: QueryPlanner;
  keys: KeyCatalog | null;
  required: RequiredFields;
  requirements: Requirements;
  /** Operations made ready, and those refused (an unplannable one is not planned again on every request). */
  prepared: Map<string, Prepared | GatewayExecutionResult>;
  sources: ReadonlyMap<string, SubgraphSource>;
}

/** Builds what a supergraph makes, or throws saying why it is not one this gateway can serve. */
function load(sdl: string): Omit<Loaded, 'sources'> {
  const supergraph = Supergraph.build(sdl, { validateSupergraph: true });
  const apiSchema = supergraph.apiSchema();
  const supergraphSchema = supergraph.schema.toGraphQLJSSchema();
  const auditing = auditingSubgraphs(supergraph);
  return {
    sdl,
    apiSchema,
    schema: apiSchema.toGraphQLJSSchema({ includeDefer: true }),
    supergraphSchema,
    planner: new QueryPlanner(supergraph, { incrementalDelivery: { enableDefer: true } }),
    keys: keyCatalog(supergraph),
    required: requiredFields(supergraphSchema),
    requirements: requirementsOf(supergraphSchema),
    subgraphs: supergraph.subgraphsMetadata().map((s) => ({ name: s.name, url: s.url, audited: auditing.has(s.name) })),
    prepared: new Map(),
  };
}

/**
 * The federation gateway behind @apollo/server: @apollo/query-planner plans (the planner
 * @apollo/gateway uses, so plans are the same), and our executor runs them. Stock @apollo/gateway
 * rebuilt the planner's operation from the document on every request and wrapped each plan node in
 * usage-reporting objects; here an operation is parsed into the planner's form and planned once,
 * and a request only fetches, merges and shapes.
 *
 * A new supergraph replaces everything it makes in one assignment (`replace`): a request takes
 * what is loaded when it starts and finishes on it, the next one plans on the new.
 */
export class FederatedGateway implements GatewayInterface {
  private loaded: Loaded;
  private readonly listeners = new Set<GatewaySchemaLoadOrUpdateCallback>();

  constructor(supergraphSdl: string) {
    this.loaded = { ...load(supergraphSdl), sources: new Map() };
  }

  /** The API schema clients see (graphql-js), of the supergraph loaded now. */
  get schema(): GraphQLSchema {
    return this.loaded.schema;
  }

  get subgraphs(): readonly SubgraphInfo[] {
    return this.loaded.subgraphs;
  }

  /** Every subgraph in the supergraph gets a source before the first request. */
  useSources(sources: ReadonlyMap<string, SubgraphSource>): void {
    this.loaded = { ...this.loaded, sources: checkedSources(this.loaded.subgraphs, sources) };
  }

  /**
   * Checks a new supergraph (it must build, validate and plan) without touching what serves now,
   * and says what it needs: its subgraphs. `commit` then swaps it in with its sources.
   */
  prepareReplacement(supergraphSdl: string): {
    subgraphs: readonly SubgraphInfo[];
    commit(sources: ReadonlyMap<string, SubgraphSource>): void;
  } {
    const next = load(supergraphSdl);
    return {
      subgraphs: next.subgraphs,
      commit: (sources) => {
        this.loaded = { ...next, sources: checkedSources(next.subgraphs, sources) };
        for (const listener of this.listeners) listener({ apiSchema: next.schema, coreSupergraphSdl: supergraphSdl });
      },
    };
  }

  async load(): Promise<{ schema: GraphQLSchema; executor: (rc: GatewayGraphQLRequestContext) => Promise<GatewayExecutionResult> }> {
    return { schema: this.schema, executor: (rc) => this.run(rc as GatewayGraphQLRequestContext<GatewayContext>) };
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback): () => void {
    callback({ apiSchema: this.loaded.schema, coreSupergraphSdl: this.loaded.sdl });
    this.listeners.add(callback);
    return () => this.listeners.delete(callback);
  }

  async stop(): Promise<void> {
    this.loaded.prepared.clear();
    this.listeners.clear();
  }

  private run(rc: GatewayGraphQLRequestContext<GatewayContext>): Promise<GatewayExecutionResult> {
    // The hash is of the document Apollo Server hands us, which the authorization plugin may have
    // filtered (and then re-keyed): one plan per document as executed.
    return this.executeOperation({
      key: rc.queryHash,
      document: rc.document,
      operationName: rc.request.operationName,
      operation: rc.operation,
      variables: rc.request.variables ?? {},
      context: rc.context,
    });
  }

  /**
   * Runs a valid, permitted operation: planned on first sight of its key, then fetched, merged and
   * shaped. With `asText`, an answer a subgraph gave exactly as the client asked for it may come
   * back as that subgraph's JSON text, for the caller to send on.
   */
  executeOperation(request: OperationRequest): Promise<GatewayExecutionResult>;
  executeOperation(request: OperationRequest, asText: true): Promise<GatewayExecutionResult | { text: string }>;
  executeOperation(request: OperationRequest, asText = false): Promise<GatewayExecutionResult | { text: string }> {
    if (!tracingEnabled()) return this.runOperation(request, asText);
    return trace
      .getTracer('lingxi-gateway')
      .startActiveSpan('gateway.request', { attributes: { 'graphql.operation.name': request.operation.name?.value ?? '' } }, async (span) => {
        try {
          return await this.runOperation(request, asText);
        } finally {
          span.end();
        }
      });
  }

  /**
   * Runs an operation whose parts may come later: with @defer it answers with the first part,
   * then each deferred part as its fetches land (a part inside another after it); without, as
   * executeOperation does.
   */
  async executeIncremental(request: OperationRequest): Promise<GatewayExecutionResult | AsyncGenerator<IncrementalPayload, void>> {
    if (!tracingEnabled()) return this.runIncremental(request);
    // One request span from the first fetch to the last part: the deferred parts' fetches run as the
    // stream is read, so each step of it runs in the span's context, and the span ends with the stream.
    const span = trace
      .getTracer('lingxi-gateway')
      .startSpan('gateway.request', { attributes: { 'graphql.operation.name': request.operation.name?.value ?? '', 'graphql.incremental': true } });
    const within = trace.setSpan(context.active(), span);
    let result: Awaited<ReturnType<FederatedGateway['runIncremental']>>;
    try {
      result = await context.with(within, () => this.runIncremental(request));
    } catch (error) {
      span.end();
      throw error;
    }
    if (!(Symbol.asyncIterator in result)) {
      span.end();
      return result;
    }
    return tracedParts(result, within, span);
  }

  private async runIncremental(request: OperationRequest): Promise<GatewayExecutionResult | AsyncGenerator<IncrementalPayload, void>> {
    const loaded = this.loaded;
    const prepared = preparedFor(loaded, request);
    if (!('plan' in prepared)) return prepared;
    const parts = prepared.clientLabels ? deferredFragments(prepared.operation, request.variables) : [];
    if (parts.length === 0) return this.runPrepared(loaded, prepared, request, false) as Promise<GatewayExecutionResult>;
    const run: PlanRun = { ...planRun(loaded.sources, loaded, prepared, request), deferred: new Map() };
    const { data, errors } = await executePlan(prepared.plan, run);
    return deliver({ loaded, prepared, request, run, merged: data, errors, parts });
  }

  private runOperation(request: OperationRequest, asText: boolean): Promise<GatewayExecutionResult | { text: string }> {
    // The supergraph as loaded when the request starts: a replacement meanwhile does not touch it.
    const loaded = this.loaded;
    const prepared = preparedFor(loaded, request);
    if (!('plan' in prepared)) return Promise.resolve(prepared);
    return this.runPrepared(loaded, prepared, request, asText);
  }

  private async runPrepared(
    loaded: Loaded,
    prepared: Prepared,
    request: OperationRequest,
    asText: boolean,
  ): Promise<GatewayExecutionResult | { text: string }> {
    const { variables } = request;
    let sources = loaded.sources;
    const direct = asText ? prepared.passthrough : null;
    const source = direct && loaded.sources.get(direct.serviceName);
    if (direct && source?.processText) {
      const answer = await source.processText(
        { query: direct.operation, variables: fetchVariables(direct, variables), operationName: direct.operationName },
        request.context,
      );
      if ('text' in answer) return answer;
      // Errors or a failure: the answer goes through the executor like any other, without asking again.
      sources = new Map(loaded.sources).set(direct.serviceName, { process: async () => answer.response });
    }
    const planned = await executePlan(prepared.plan, planRun(sources, loaded, prepared, request));
    const { data: merged, errors } = inClientNames(prepared, planned.data, planned.errors, false);
    const { data, errors: shapingErrors } = shapeResponse(prepared.operation, variables, merged, introspector(loaded, request));
    return answer(data, errors, shapingErrors);
  }
}

/** The parts of an answer, each made in the request span's context; the span ends when they do or the reader stops. */
async function* tracedParts(parts: AsyncGenerator<IncrementalPayload, void>, within: TraceContext, span: Span): AsyncGenerator<IncrementalPayload, void> {
  try {
    for (;;) {
      const next = await context.with(within, () => parts.next());
      if (next.done) return;
      yield next.value;
    }
  } finally {
    span.end();
    await parts.return();
  }
}

/** What a request's plan runs with. */
function planRun(sources: ReadonlyMap<string, SubgraphSource>, loaded: Loaded, prepared: Prepared, request: OperationRequest): PlanRun {
  return {
    sources,
    supergraphSchema: loaded.supergraphSchema,
    variableDefinitions: prepared.operation.variableDefinitions,
    variables: request.variables,
    context: request.context,
  };
}

/** The operation planned and made ready, once per key; or the errors that make it unplannable. */
function preparedFor(loaded: Loaded, request: OperationRequest): Prepared | GatewayExecutionResult {
  const key = `${request.key}\n${request.operationName ?? ''}`;
  let prepared = loaded.prepared.get(key);
  if (!prepared) {
    try {
      prepared = prepare(loaded, request.document, request.operationName, request.operation);
    } catch (error) {
      if (!(error instanceof graphqlRuntime.GraphQLError)) throw error;
      prepared = { errors: [error] };
    }
    if (loaded.prepared.size >= PREPARED_LIMIT) loaded.prepared.delete(loaded.prepared.keys().next().value!);
    loaded.prepared.set(key, prepared);
  }
  return prepared;
}

const introspector = (loaded: Loaded, request: OperationRequest) => (field: Parameters<Parameters<typeof shapeResponse>[3]>[0]) =>
  introspect(loaded.schema, field.expandFragments().toSelectionNode(), request.operation, request.variables);

/** Plan errors win; values a subgraph returned that do not fit the schema are reported as the stock gateway does. */
function answer(data: Json | null | undefined, errors: readonly GraphQLError[], shapingErrors: readonly GraphQLError[]): GatewayExecutionResult {
  if (errors.length) return { data, errors };
  return shapingErrors.length ? { data, extensions: { valueCompletion: shapingErrors } } : { data };
}

/**
 * The merged answer in the client's names, with error paths through our aliases renamed: in
 * place, or (`copy`) on a copy, while deferred parts still merge into the answer in the plan's names.
 */
function inClientNames(prepared: Prepared, merged: Json, errors: GraphQLError[], copy: boolean): { data: Json; errors: GraphQLError[] } {
  if (!prepared.aliases && !prepared.copies) return { data: merged, errors };
  const data = copy ? structuredClone(merged) : merged;
  const rename = (names: ReadonlyMap<string, string>) =>
    errors.map((e) => (e.path ? new graphqlRuntime.GraphQLError(e.message, { path: clientPath(e.path, names), extensions: e.extensions }) : e));
  if (prepared.aliases) {
    restoreClientNames(data, prepared.aliases.tree);
    errors = rename(prepared.aliases.names);
  }
  if (prepared.copies) {
    mergeCopies(data, prepared.copies.tree);
    errors = rename(prepared.copies.names);
  }
  return { data, errors };
}

/** Where the first part and each deferred part were delivered: the objects parts inside them are found in. */
type Delivered = { path: (string | number)[]; data: Json }[];

/**
 * Sends an answer with @defer in parts: the first without the deferred fragments, then each
 * deferred fragment at every place its parent part delivered an object, once the plan's deferred
 * node for it has run. Parts run at once, each after its parent; whichever is ready goes next.
 */
function deliver(state: {
  loaded: Loaded;
  prepared: Prepared;
  request: OperationRequest;
  run: PlanRun;
  merged: Json;
  errors: GraphQLError[];
  parts: DeferredFragment[];
}): AsyncGenerator<IncrementalPayload, void> {
  const { loaded, prepared, request, run, merged, parts } = state;
  const introspect = introspector(loaded, request);
  const later = new Set(parts.map((p) => p.label));
  const first = inClientNames(prepared, merged, state.errors, true);
  const shaped = shapeResponse(prepared.operation, request.variables, first.data, introspect, later);
  const delivered = new Map<string | null, Delivered>([[null, shaped.data ? [{ path: [], data: shaped.data }] : []]]);
  const depth = (label: string | null) => (label === null ? 0 : parts.find((p) => p.label === label)!.path.length);

  let outstanding = parts.length;
  const ready: IncrementalEntry[] = [];
  let wake: (() => void) | null = null;
  const runPart = async (part: DeferredFragment): Promise<IncrementalEntry[]> => {
    const node: DeferredNode | undefined = run.deferred!.get(part.label);
    let errors: GraphQLError[];
    try {
      errors = node ? await executeDeferred(node, merged, run) : [];
    } catch (error) {
      errors = [
        error instanceof graphqlRuntime.GraphQLError ? error : new graphqlRuntime.GraphQLError((error as Error).message, { originalError: error as Error }),
      ];
    }
    const view = inClientNames(prepared, merged, errors, true);
    const label = prepared.clientLabels!.get(part.label);
    const entries: IncrementalEntry[] = [];
    const at: Delivered = [];
    for (const parent of delivered.get(part.parent) ?? []) {
      for (const path of locate(parent.data, parent.path, part.path.slice(depth(part.parent)))) {
        const input = valueAt(view.data, path);
        if (!input) continue;
        let result: { data: Json | null; errors: GraphQLError[] };
        try {
          result = shapeDeferred(prepared.operation, request.variables, part, input, path, later, introspect);
        } catch (error) {
          result = { data: null, errors: [new graphqlRuntime.GraphQLError((error as Error).message, { path, originalError: error as Error })] };
        }
        const entry: IncrementalEntry = { data: result.data, path };
        if (label !== undefined) entry.label = label;
        if (result.errors.length) entry.extensions = { valueCompletion: result.errors };
        entries.push(entry);
        if (result.data) at.push({ path, data: result.data });
      }
    }
    delivered.set(part.label, at);
    // Each error goes with the place it happened in; one outside them all with the first.
    for (const error of view.errors) {
      const entry = entries.find((e) => startsWith(error.path, e.path)) ?? entries[0];
      if (entry) (entry.errors ??= []).push(error);
    }
    return entries;
  };
  const start = (part: DeferredFragment) =>
    void runPart(part)
      .catch((error: unknown) => {
        // Never a stream left waiting: the part (and any inside it) is left out, the fault logged.
        console.error('[gateway] deferred part failed:', error);
        return [] as IncrementalEntry[];
      })
      .then((entries) => {
        ready.push(...entries);
        outstanding--;
        for (const child of parts) if (child.parent === part.label) start(child);
        wake?.();
      });

  // The first part is made here, before the stream: a failure shaping it fails the request as any other would.
  const firstPart: IncrementalPayload = { ...answer(shaped.data, first.errors, shaped.errors), hasNext: true };
  return (async function* () {
    yield firstPart;
    for (const part of parts) if (part.parent === null) start(part);
    while (outstanding > 0 || ready.length > 0) {
      if (ready.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const incremental = ready.splice(0);
      const hasNext = outstanding > 0;
      if (incremental.length > 0 || !hasNext) yield { incremental, hasNext };
    }
  })();
}

/** The places below `path` that `rest` (response names) reaches in a delivered answer, lists stepped into. */
function locate(value: unknown, path: (string | number)[], rest: readonly string[], out: (string | number)[][] = []): (string | number)[][] {
  if (value === null || value === undefined || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) locate(value[i], [...path, i], rest, out);
    return out;
  }
  if (rest.length === 0) out.push(path);
  else if (Object.hasOwn(value, rest[0])) locate((value as Json)[rest[0]], [...path, rest[0]], rest.slice(1), out);
  return out;
}

function valueAt(data: Json, path: readonly (string | number)[]): Json | null {
  let at: unknown = data;
  for (const step of path) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, step)) return null;
    at = (at as Record<string | number, unknown>)[step];
  }
  return at !== null && typeof at === 'object' && !Array.isArray(at) ? (at as Json) : null;
}

const startsWith = (path: readonly (string | number)[] | undefined, prefix: readonly (string | number)[]) =>
  !!path && prefix.length <= path.length && prefix.every((step, i) => path[i] === step);

function prepare(loaded: Loaded, clientDocument: DocumentNode, operationName: string | undefined, operation: OperationDefinitionNode): Prepared {
  const labelled = labelDefers(clientDocument, operationName);
  const document = labelled?.document ?? clientDocument;
  const audited = withAuditedEntities(document, loaded.schema);
  const split = splitRequirementConflicts(audited, loaded.schema, loaded.requirements, operationName);
  const separated = separateRequiredFields(split.document, loaded.schema, loaded.required, operationName);
  const plan = () =>
    reenterThroughResolvableKeys(loaded.planner.buildQueryPlan(operationFromDocument(loaded.apiSchema, separated.document, { operationName })), loaded.keys);
  const queryPlan = tracingEnabled()
    ? trace.getTracer('lingxi-gateway').startActiveSpan('gateway.plan', (span) => {
        try {
          return plan();
        } finally {
          span.end();
        }
      })
    : plan();
  const unplanned = unplannedField(queryPlan, separated.document, operationName);
  if (unplanned) {
    const field = unplanned.join('.');
    throw new graphqlRuntime.GraphQLError(`没有子图能提供字段 ${field} / no subgraph can supply ${field}`, {
      extensions: { code: ErrorCode.QUERY_PLANNING_FAILED, field },
    });
  }
  // The planner may rewrite the operation it is given; shaping gets its own copy.
  return {
    plan: queryPlan,
    operation: operationFromDocument(loaded.apiSchema, document, { operationName, validate: false }),
    aliases: separated.tree ? { tree: separated.tree, names: separated.names } : null,
    copies: split.tree ? { tree: split.tree, names: split.names } : null,
    clientLabels: labelled?.clientLabels ?? null,
    passthrough:
      labelled || separated.tree || split.tree || audited !== document
        ? null
        : passthroughFetch(queryPlan, document, operation, loaded.schema, loaded.supergraphSchema),
  };
}

/** Every subgraph of the supergraph needs a source. */
function checkedSources(subgraphs: ReadonlyArray<{ name: string }>, sources: ReadonlyMap<string, SubgraphSource>): ReadonlyMap<string, SubgraphSource> {
  const missing = subgraphs.filter((s) => !sources.has(s.name)).map((s) => s.name);
  if (missing.length) throw new Error(`no source for subgraph(s) ${missing.join(', ')}`);
  return sources;
}

/** Introspection fields are answered from the API schema here, never sent to a subgraph. */
function introspect(schema: GraphQLSchema, selection: FieldNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): unknown {
  const { Kind, OperationTypeNode, executeSync } = graphqlRuntime;
  const { data, errors } = executeSync({
    schema,
    document: {
      kind: Kind.DOCUMENT,
      definitions: [
        {
          kind: Kind.OPERATION_DEFINITION,
          operation: OperationTypeNode.QUERY,
          variableDefinitions: operation.variableDefinitions,
          selectionSet: { kind: Kind.SELECTION_SET, selections: [selection] },
        },
      ],
    },
    rootValue: {},
    variableValues: variables,
  });
  if (errors?.length || !data) throw errors?.[0] ?? new Error('introspection failed');
  return data[selection.alias?.value ?? selection.name.value];
}
