import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from '../context.js';
import { applyDenials, type AuthorizationResult } from './authorization.js';
import type { RequestPipeline } from './pipeline.js';

/**
 * Apollo Server's part of the one request pipeline (./pipeline.ts): after Apollo parsed and
 * validated the document, the pipeline's remaining steps run on it, before planning. An operation
 * refused is refused whole; fields the caller may not see are taken out of the operation, so in
 * neither case is a subgraph asked for them.
 */
export function protectionPlugin(pipeline: RequestPipeline): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      let result: AuthorizationResult | null = null;
      return {
        async didResolveOperation(rc) {
          const admitted = pipeline.admit(rc.document, rc.request.operationName, rc.request.variables, rc.contextValue, rc.contextValue.entry ?? 'http');
          if (!('operation' in admitted)) throw admitted;
          result = admitted.authorization;
          if (result?.document) {
            const writable = rc as unknown as { document: DocumentNode; operation: OperationDefinitionNode; queryHash: string };
            writable.document = result.document;
            writable.operation = result.document.definitions[0] as OperationDefinitionNode;
            // The gateway caches query plans by hash: a filtered operation must not share one.
            writable.queryHash = `${rc.queryHash}:${result.queryHashSuffix}`;
          }
        },
        async responseForOperation() {
          if (!result || result.document) return null;
          // Nothing the caller may see is left: answer without planning anything.
          const { data, errors } = applyDenials({ data: {} }, result.denials);
          return { http: { status: 200, headers: new Map() } as never, body: { kind: 'single', singleResult: { data, errors: errors as never } } };
        },
        async willSendResponse(rc: GraphQLRequestContext<GatewayContext>) {
          const body = rc.response.body;
          if (!result?.document || body?.kind !== 'single') return;
          const single = body.singleResult;
          const { data, errors } = applyDenials({ data: single.data as Record<string, unknown> | null | undefined, errors: single.errors }, result.denials);
          single.data = data;
          (single as { errors?: unknown[] }).errors = errors;
        },
      };
    },
  };
}
