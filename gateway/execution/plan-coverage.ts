import type { PlanNode, QueryPlan } from '@apollo/query-planner';
import type { DocumentNode, SelectionNode } from 'graphql';
import { graphqlRuntime } from '../graphql-runtime.js';
import { fetchedTree, mergeTrees, stepsOf, type Tree } from './plan-trees.js';

const { Kind } = graphqlRuntime;

/**
 * A field of the operation that no fetch of its plan brings back, as its path; null when every
 * field is fetched somewhere.
 *
 * @apollo/query-planner (2.14) can return a plan that leaves a field out: a field of an interface
 * that only a subgraph declaring the interface as a non-resolvable `@interfaceObject` supplies, on
 * an object another subgraph returns, is planned as nothing at all, and the answer would be a
 * silent `null`. Such an operation is refused instead, naming the field.
 *
 * Lenient where the plan may rightly leave a field out: `__typename` (the gateway answers it),
 * introspection, and anything under `@skip` / `@include`.
 */
export function unplannedField(plan: QueryPlan, document: DocumentNode, operationName: string | undefined): string[] | null {
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName));
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION || operation.operation === 'subscription') return null;
  const fragments = new Map<string, readonly SelectionNode[]>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d.selectionSet.selections);
  const fetched: Tree = new Map();
  if (plan.node && plan.node.kind !== 'Subscription') collect(plan.node, [], fetched);

  const missing = (selections: readonly SelectionNode[], held: Tree | null, path: string[], root: boolean): string[] | null => {
    for (const s of selections) {
      if (s.directives?.some((d) => d.name.value === 'skip' || d.name.value === 'include')) continue;
      if (s.kind === Kind.FIELD) {
        const name = s.name.value;
        if (name === '__typename' || (root && (name === '__schema' || name === '__type'))) continue;
        const key = s.alias?.value ?? name;
        // Named by its first leaf, the field that could not be planned, rather than by its parent.
        if (!held?.has(key)) return (s.selectionSet && missing(s.selectionSet.selections, null, [...path, key], false)) || [...path, key];
        const below = held.get(key);
        if (s.selectionSet && below) {
          const inner = missing(s.selectionSet.selections, below, [...path, key], false);
          if (inner) return inner;
        }
      } else {
        const inner = missing(s.kind === Kind.INLINE_FRAGMENT ? s.selectionSet.selections : (fragments.get(s.name.value) ?? []), held, path, root);
        if (inner) return inner;
      }
    }
    return null;
  };
  return missing(operation.selectionSet.selections, fetched, [], true);
}

/** Every fetch of the plan, its answer placed at its path (list steps left out); both branches of a condition count. */
function collect(node: PlanNode, path: readonly string[], into: Tree): void {
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel':
      for (const child of node.nodes) collect(child, path, into);
      return;
    case 'Flatten':
      collect(node.node, [...path, ...stepsOf(node.path)], into);
      return;
    case 'Fetch': {
      let at = into;
      for (const step of path) {
        let below = at.get(step);
        if (!below) at.set(step, (below = new Map()));
        at = below;
      }
      for (const [name, below] of fetchedTree(node, true)) {
        const held = at.get(name);
        at.set(name, held && below ? mergeTrees(held, below) : (held ?? below));
      }
      return;
    }
    case 'Condition':
      if (node.ifClause) collect(node.ifClause, path, into);
      if (node.elseClause) collect(node.elseClause, path, into);
      return;
    case 'Defer':
      if (node.primary.node) collect(node.primary.node, path, into);
      for (const part of node.deferred) if (part.node) collect(part.node, [], into);
      return;
  }
}
