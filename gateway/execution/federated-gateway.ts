import { operationFromDocument, Supergraph, type Operation, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type QueryPlan } from '@apollo/query-planner';
import { computeResponse } from '@apollo/gateway/dist/resultShaping.js';
import type {
  GatewayExecutionResult,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewaySchemaLoadOrUpdateCallback,
} from '@apollo/server-gateway-interface';
import { trace } from '@opentelemetry/api';
import type { DocumentNode, FieldNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { tracingEnabled } from '../../lib/telemetry.js';
import type { GatewayContext } from '../context.js';
import type { SubgraphSource } from '../datasource.js';
import { graphqlRuntime } from '../graphql-runtime.js';
import { withAuditedEntities } from './audited-entities.js';
import { executePlan, fetchVariables } from './plan-executor.js';
import { passthroughFetch } from './passthrough.js';
import { clientPath, requiredFields, restoreClientNames, separateRequiredFields, type AliasTree, type RequiredFields } from './required-field-conflicts.js';

/** An operation made ready once: its plan, and the operation response shaping walks. */
interface Prepared {
  plan: QueryPlan;
  operation: Operation;
  /** Client fields planned under aliases of their own (see required-field-conflicts.ts). */
  aliases: { tree: AliasTree; names: ReadonlyMap<string, string> } | null;
  /** The plan's one fetch, when its answer is the client's answer as it comes (see passthrough.ts). */
  passthrough: FetchNode | null;
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
export class FederatedGateway implements GatewayInterface {
  /** The API schema clients see (graphql-js). */
  readonly schema: GraphQLSchema;
  readonly subgraphs: ReadonlyArray<{ name: string; url?: string }>;
  private readonly apiSchema: Schema;
  private readonly supergraphSchema: GraphQLSchema;
  private readonly planner: QueryPlanner;
  private readonly required: RequiredFields;
  private readonly prepared = new Map<string, Prepared>();
  private sources: ReadonlyMap<string, SubgraphSource> = new Map();

  constructor(private readonly supergraphSdl: string) {
    const supergraph = Supergraph.build(supergraphSdl, { validateSupergraph: true });
    this.apiSchema = supergraph.apiSchema();
    this.schema = this.apiSchema.toGraphQLJSSchema();
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.planner = new QueryPlanner(supergraph);
    this.required = requiredFields(this.supergraphSchema);
    this.subgraphs = supergraph.subgraphsMetadata().map((s) => ({ name: s.name, url: s.url }));
  }

  /** Every subgraph in the supergraph gets a source before the first request. */
  useSources(sources: ReadonlyMap<string, SubgraphSource>): void {
    const missing = this.subgraphs.filter((s) => !sources.has(s.name)).map((s) => s.name);
    if (missing.length) throw new Error(`no source for subgraph(s) ${missing.join(', ')}`);
    this.sources = sources;
  }

  async load(): Promise<{ schema: GraphQLSchema; executor: (rc: GatewayGraphQLRequestContext) => Promise<GatewayExecutionResult> }> {
    return { schema: this.schema, executor: (rc) => this.run(rc as GatewayGraphQLRequestContext<GatewayContext>) };
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback): () => void {
    // The supergraph is fixed for the life of the process: it is loaded once, here.
    callback({ apiSchema: this.schema, coreSupergraphSdl: this.supergraphSdl });
    return () => undefined;
  }

  async stop(): Promise<void> {
    this.prepared.clear();
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

  private async runOperation(request: OperationRequest, asText: boolean): Promise<GatewayExecutionResult | { text: string }> {
    const key = `${request.key}\n${request.operationName ?? ''}`;
    let prepared = this.prepared.get(key);
    if (!prepared) {
      try {
        prepared = this.prepare(request.document, request.operationName, request.operation);
      } catch (error) {
        if (error instanceof graphqlRuntime.GraphQLError) return { errors: [error] };
        throw error;
      }
      if (this.prepared.size >= PREPARED_LIMIT) this.prepared.delete(this.prepared.keys().next().value!);
      this.prepared.set(key, prepared);
    }
    const { variables } = request;
    let sources = this.sources;
    const direct = asText ? prepared.passthrough : null;
    const source = direct && this.sources.get(direct.serviceName);
    if (direct && source?.processText) {
      const answer = await source.processText(
        { query: direct.operation, variables: fetchVariables(direct, variables), operationName: direct.operationName },
        request.context,
      );
      if ('text' in answer) return answer;
      // Errors or a failure: the answer goes through the executor like any other, without asking again.
      sources = new Map(this.sources).set(direct.serviceName, { process: async () => answer.response });
    }
    const { data: merged, errors: planErrors } = await executePlan(prepared.plan, {
      sources,
      supergraphSchema: this.supergraphSchema,
      variableDefinitions: prepared.operation.variableDefinitions,
      variables,
      context: request.context,
    });
    let errors = planErrors;
    if (prepared.aliases) {
      const { tree, names } = prepared.aliases;
      restoreClientNames(merged, tree);
      errors = planErrors.map((e) => (e.path ? new graphqlRuntime.GraphQLError(e.message, { path: clientPath(e.path, names), extensions: e.extensions }) : e));
    }
    const { data, errors: shapingErrors } = computeResponse({
      operation: prepared.operation,
      variables,
      input: merged,
      introspectionHandling: (field) => introspect(this.schema, field.expandFragments().toSelectionNode(), request.operation, variables),
    });
    if (errors.length) return { data, errors };
    // Values a subgraph returned that do not fit the schema: reported as the stock gateway does.
    return shapingErrors.length ? { data, extensions: { valueCompletion: shapingErrors } } : { data };
  }

  private prepare(document: DocumentNode, operationName: string | undefined, operation: OperationDefinitionNode): Prepared {
    const audited = withAuditedEntities(document, this.schema);
    const separated = separateRequiredFields(audited, this.schema, this.required, operationName);
    const plan = () => this.planner.buildQueryPlan(operationFromDocument(this.apiSchema, separated.document, { operationName }));
    const queryPlan = tracingEnabled()
      ? trace.getTracer('lingxi-gateway').startActiveSpan('gateway.plan', (span) => {
          try {
            return plan();
          } finally {
            span.end();
          }
        })
      : plan();
    // The planner may rewrite the operation it is given; shaping gets its own copy.
    return {
      plan: queryPlan,
      operation: operationFromDocument(this.apiSchema, document, { operationName, validate: false }),
      aliases: separated.tree ? { tree: separated.tree, names: separated.names } : null,
      passthrough: separated.tree || audited !== document ? null : passthroughFetch(queryPlan, document, operation, this.schema, this.supergraphSchema),
    };
  }
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
