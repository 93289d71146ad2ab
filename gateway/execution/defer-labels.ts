import type { DirectiveNode, DocumentNode, FragmentDefinitionNode, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { ErrorCode } from '../../lib/errors.js';
import { graphqlRuntime } from '../graphql-runtime.js';

const { GraphQLError, Kind, visit, BREAK } = graphqlRuntime;

/** The label the gateway gives the n-th @defer of a document; the client's own is kept beside it. */
const labelOf = (n: number) => `lingxiDefer${n}`;

/** Whether a document asks for @defer anywhere. */
export function asksDefer(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Directive(node) {
      if (node.name.value !== 'defer') return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

/**
 * The document to plan and shape when it uses @defer: the operation alone with its named
 * fragments written inline, and every @defer given a label of the gateway's own, one per place it
 * applies (a fragment spread twice defers two places). The planner names each deferred part by
 * its label, so a label that is unique and always present is what ties the plan's deferred nodes
 * to the parts of the client's answer; `clientLabels` gives back the label the client chose, if any.
 * Returns null for a document without @defer.
 */
export function labelDefers(
  document: DocumentNode,
  operationName: string | undefined,
): { document: DocumentNode; clientLabels: ReadonlyMap<string, string | undefined> } | null {
  if (!asksDefer(document)) return null;
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (operationName === undefined || d.name?.value === operationName),
  );
  if (!operation) return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const clientLabels = new Map<string, string | undefined>();
  // Which directive holds each client label: the same directive met again is a fragment spread twice.
  const holders = new Map<string, DirectiveNode>();

  const relabel = (directives: readonly DirectiveNode[] | undefined): DirectiveNode[] | undefined =>
    directives?.map((directive) => {
      if (directive.name.value !== 'defer') return directive;
      const labelArgument = directive.arguments?.find((a) => a.name.value === 'label');
      if (labelArgument && labelArgument.value.kind !== Kind.STRING) {
        throw new GraphQLError('@defer 的 label 须为字符串常量 / the label of @defer must be a string literal', {
          nodes: [directive],
          extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED },
        });
      }
      const clientLabel = labelArgument?.value.kind === Kind.STRING ? labelArgument.value.value : undefined;
      if (clientLabel !== undefined) {
        const holder = holders.get(clientLabel);
        if (holder && holder !== directive) {
          throw new GraphQLError(`@defer 的 label "${clientLabel}" 重复 / the @defer label "${clientLabel}" is used twice`, {
            nodes: [directive],
            extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED },
          });
        }
        holders.set(clientLabel, directive);
      }
      const label = labelOf(clientLabels.size);
      clientLabels.set(label, clientLabel);
      return {
        ...directive,
        arguments: [
          ...(directive.arguments ?? []).filter((a) => a.name.value !== 'label'),
          { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'label' }, value: { kind: Kind.STRING, value: label } },
        ],
      };
    });

  const inline = (selectionSet: SelectionSetNode): SelectionSetNode => ({
    ...selectionSet,
    selections: selectionSet.selections.map((selection) => {
      if (selection.kind === Kind.FIELD) return selection.selectionSet ? { ...selection, selectionSet: inline(selection.selectionSet) } : selection;
      if (selection.kind === Kind.INLINE_FRAGMENT)
        return { ...selection, directives: relabel(selection.directives), selectionSet: inline(selection.selectionSet) };
      // Validation made sure the fragment exists and that spreads do not cycle.
      const fragment = fragments.get(selection.name.value)!;
      return {
        kind: Kind.INLINE_FRAGMENT,
        typeCondition: fragment.typeCondition,
        directives: relabel(selection.directives),
        selectionSet: inline(fragment.selectionSet),
      };
    }),
  });

  const labelled: OperationDefinitionNode = { ...operation, selectionSet: inline(operation.selectionSet) };
  return { document: { kind: Kind.DOCUMENT, definitions: [labelled] }, clientLabels };
}
