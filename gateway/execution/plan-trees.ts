import type { FetchNode, QueryPlanSelectionNode, ResponsePath } from '@apollo/query-planner';
import type { SelectionNode } from 'graphql';
import { graphqlRuntime } from '../graphql-runtime.js';
import { fetchDocument } from './fetch-document.js';

const { Kind, parse } = graphqlRuntime;

/**
 * Selections as trees of response names, for reasoning about plans: what a fetch brings back,
 * what a key needs, what a client asked for. Type conditions are not told apart.
 */

/** A selection as a tree of response names: a leaf is null. */
export type Tree = Map<string, Tree | null>;

/**
 * What one fetch brings back, at the path it lands on: its selection (inside `_entities` for an
 * entity fetch) and what it was sent. With `alsoFieldNames`, an aliased field is there under its
 * name as well (the planner's own aliases are renamed back after the fetch).
 */
export function fetchedTree(fetch: FetchNode, alsoFieldNames = false): Tree {
  const document = fetchDocument(fetch);
  const fragments = new Map<string, readonly SelectionNode[]>();
  let top: readonly SelectionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition.selectionSet.selections);
    else if (definition.kind === Kind.OPERATION_DEFINITION) top = definition.selectionSet.selections;
  }
  if (fetch.requires) {
    const entities = top.find((s) => s.kind === Kind.FIELD && s.name.value === '_entities');
    top = entities?.kind === Kind.FIELD ? (entities.selectionSet?.selections ?? []) : [];
  }
  const tree = treeOf(top, fragments, new Map(), alsoFieldNames);
  return fetch.requires ? mergeTrees(tree, treeOfPlan(fetch.requires)) : tree;
}

export function parseSelections(fields: string): readonly SelectionNode[] {
  const document = parse(`{${fields}}`);
  const operation = document.definitions[0];
  return operation.kind === Kind.OPERATION_DEFINITION ? operation.selectionSet.selections : [];
}

/** A GraphQL selection as a tree of response names; fragments are spread in (type conditions are not told apart). */
export function treeOf(
  selections: readonly SelectionNode[],
  fragments: ReadonlyMap<string, readonly SelectionNode[]> = new Map(),
  into: Tree = new Map(),
  alsoFieldNames = false,
): Tree {
  for (const s of selections) {
    if (s.kind === Kind.FIELD) {
      const names = alsoFieldNames && s.alias ? [s.alias.value, s.name.value] : [s.alias?.value ?? s.name.value];
      for (const name of names) {
        if (s.selectionSet) into.set(name, treeOf(s.selectionSet.selections, fragments, into.get(name) ?? new Map(), alsoFieldNames));
        else if (!into.has(name)) into.set(name, null);
      }
    } else if (s.kind === Kind.INLINE_FRAGMENT) treeOf(s.selectionSet.selections, fragments, into, alsoFieldNames);
    else treeOf(fragments.get(s.name.value) ?? [], fragments, into, alsoFieldNames);
  }
  return into;
}

export function treeOfPlan(selections: readonly QueryPlanSelectionNode[], into: Tree = new Map()): Tree {
  for (const s of selections) {
    if (s.kind === 'Field') {
      const name = s.alias ?? s.name;
      if (s.selections) into.set(name, treeOfPlan(s.selections, into.get(name) ?? new Map()));
      else if (!into.has(name)) into.set(name, null);
    } else treeOfPlan(s.selections, into);
  }
  return into;
}

export function planOfTree(tree: Tree): QueryPlanSelectionNode[] {
  return [...tree].map(([name, below]) => (below ? { kind: 'Field', name, selections: planOfTree(below) } : { kind: 'Field', name }));
}

export function printTree(tree: Tree): string {
  return [...tree].map(([name, below]) => (below ? `${name}{${printTree(below)}}` : name)).join(' ');
}

export function contains(held: Tree, wanted: Tree): boolean {
  for (const [name, below] of wanted) {
    if (!held.has(name)) return false;
    const there = held.get(name);
    if (below && (!there || !contains(there, below))) return false;
  }
  return true;
}

export function difference(wanted: Tree, held: Tree): Tree {
  const out: Tree = new Map();
  for (const [name, below] of wanted) {
    if (!held.has(name)) out.set(name, below);
    else if (below) {
      const rest = difference(below, held.get(name) ?? new Map());
      if (rest.size > 0) out.set(name, rest);
    }
  }
  return out;
}

export function mergeTrees(a: Tree, b: Tree): Tree {
  const out: Tree = new Map(a);
  for (const [name, below] of b) {
    const held = out.get(name);
    out.set(name, held && below ? mergeTrees(held, below) : (held ?? below));
  }
  return out;
}

export function size(tree: Tree): number {
  let n = 0;
  for (const below of tree.values()) n += below ? size(below) : 1;
  return n;
}

/** A Flatten path's steps as response names: list steps ('@') and type conditions do not name a field. */
export const stepsOf = (path: ResponsePath): string[] => path.filter((s): s is string => typeof s === 'string' && s !== '@' && !s.startsWith('|'));
