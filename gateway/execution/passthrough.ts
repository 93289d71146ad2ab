import type { FetchNode, QueryPlan } from '@apollo/query-planner';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { graphqlRuntime } from '../graphql-runtime.js';
import { printArguments } from './arguments.js';

const { Kind, TypeInfo, getNamedType, isAbstractType, isEnumType, parse, visit, visitWithTypeInfo, BREAK } = graphqlRuntime;

/**
 * The fetch whose answer is already the client's answer, or null. That holds when the plan is one
 * fetch asking the subgraph, field for field, for what the client asked (no fragments, directives,
 * entities or rewrites), and nothing in it can be shaped differently by the gateway: no abstract
 * types (whose concrete type might be hidden from clients) and no enums with values hidden from
 * clients. Its subgraph's data then has the client's fields, aliases and order, and is sent on
 * without being parsed, shaped and written again: the single-subgraph query's cost, halved.
 */
export function passthroughFetch(
  plan: QueryPlan,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  apiSchema: GraphQLSchema,
  supergraphSchema: GraphQLSchema,
): FetchNode | null {
  const fetch = plan.node;
  if (fetch?.kind !== 'Fetch' || fetch.requires || fetch.inputRewrites?.length || fetch.outputRewrites?.length || fetch.contextRewrites?.length) return null;
  if (document.definitions.some((d) => d.kind === Kind.FRAGMENT_DEFINITION)) return null;
  const sent = parse(fetch.operation).definitions[0];
  if (sent?.kind !== Kind.OPERATION_DEFINITION || sent.operation !== operation.operation) return null;
  if (!sameSelections(operation.selectionSet, sent.selectionSet)) return null;

  let shapedByGateway = false;
  const typeInfo = new TypeInfo(apiSchema);
  visit(
    operation,
    visitWithTypeInfo(typeInfo, {
      enter(node) {
        if (node.kind === Kind.INLINE_FRAGMENT || node.kind === Kind.FRAGMENT_SPREAD || node.kind === Kind.DIRECTIVE) shapedByGateway = true;
        if (node.kind === Kind.FIELD) {
          const type = typeInfo.getType();
          const named = type && getNamedType(type);
          if (!named || node.name.value.startsWith('__') || isAbstractType(named)) shapedByGateway = true;
          else if (isEnumType(named)) {
            const full = supergraphSchema.getType(named.name);
            if (!isEnumType(full) || full.getValues().length !== named.getValues().length) shapedByGateway = true;
          }
        }
        return shapedByGateway ? BREAK : undefined;
      },
    }),
  );
  return shapedByGateway ? null : fetch;
}

/** Field for field the same: names, aliases, arguments and sub-selections, in the same order. */
function sameSelections(a: SelectionSetNode, b: SelectionSetNode): boolean {
  if (a.selections.length !== b.selections.length) return false;
  return a.selections.every((x, i) => {
    const y = b.selections[i];
    if (x.kind !== Kind.FIELD || y.kind !== Kind.FIELD) return false;
    if (x.name.value !== y.name.value || (x.alias?.value ?? x.name.value) !== (y.alias?.value ?? y.name.value)) return false;
    if (printArguments(x.arguments) !== printArguments(y.arguments)) return false;
    if (!x.selectionSet || !y.selectionSet) return !x.selectionSet && !y.selectionSet;
    return sameSelections(x.selectionSet, y.selectionSet);
  });
}

/** A subgraph answer that is data and nothing else, which the client can be sent as it is. */
export function isPlainData(text: string): boolean {
  return text.startsWith('{"data":{') && !text.includes('"errors":') && !text.includes('"extensions":');
}
