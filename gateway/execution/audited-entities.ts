import type { Supergraph } from '@apollo/federation-internals';
import type { DocumentNode, FieldNode, GraphQLSchema, SelectionSetNode } from 'graphql';
import { graphqlRuntime } from '../graphql-runtime.js';

const { Kind, TypeInfo, visit, visitWithTypeInfo, getNamedType } = graphqlRuntime;

/**
 * Entities whose owner must see every time one is shown, and a field only that owner resolves.
 * A customer reached through another subgraph (`order(id) { customer { orders … } }`, a warning
 * order's `customer { warningOrders … }`) would otherwise be answered without customer insight
 * hearing of it: no access-log row (PIPL), and no check that the customer is of the caller's city.
 */
export const AUDITED: Readonly<Record<string, string>> = { Customer: 'name' };

/** The alias the added field travels under; response shaping walks the client's own operation and drops it. */
export const AUDIT_ALIAS = 'lingxiShown__';

/**
 * The document to plan: every selection of an audited type also asks its owner's field (under
 * AUDIT_ALIAS) unless it asks it already, so the plan always visits the owner, whose
 * entity resolution writes the audit row and scopes the entity to the caller's city.
 * Returns the document itself when nothing is added.
 */
export function withAuditedEntities(document: DocumentNode, schema: GraphQLSchema): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  let changed = false;
  const rewritten = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      SelectionSet(node: SelectionSetNode) {
        const type = typeInfo.getParentType();
        const named = type ? getNamedType(type) : null;
        const field = named ? AUDITED[named.name] : undefined;
        if (!field) return undefined;
        if (node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === field && !s.arguments?.length && !s.directives?.length)) return undefined;
        changed = true;
        const added: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: AUDIT_ALIAS }, name: { kind: Kind.NAME, value: field } };
        return { ...node, selections: [...node.selections, added] };
      },
    }),
  );
  return changed ? rewritten : document;
}

/**
 * The subgraphs that resolve an audited entity's owner field: each of their reads is a row in an
 * audit trail, so no two requests may share one of their fetches.
 */
export function auditingSubgraphs(supergraph: Supergraph): ReadonlySet<string> {
  const owners = new Set<string>();
  for (const subgraph of supergraph.subgraphs()) {
    for (const [typeName, fieldName] of Object.entries(AUDITED)) {
      const type = subgraph.schema.type(typeName);
      const field = type && 'field' in type ? type.field(fieldName) : undefined;
      if (field && !subgraph.metadata().isFieldExternal(field)) owners.add(subgraph.name);
    }
  }
  return owners;
}
