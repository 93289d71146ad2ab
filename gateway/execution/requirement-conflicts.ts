import type { DocumentNode, FieldNode, GraphQLCompositeType, GraphQLSchema, OperationDefinitionNode, SelectionNode, SelectionSetNode } from 'graphql';
import { graphqlRuntime } from '../graphql-runtime.js';
import { printArguments } from './arguments.js';
import { eachObject, forEachRequires } from './required-field-conflicts.js';
import { mergeAnswers } from './merge.js';

const { Kind, getNamedType, isCompositeType } = graphqlRuntime;

/**
 * Two `@requires` on one entity that need the same field with different arguments
 * (`usdTax @requires(fields: "price(currency: \"USD\")")`, `eurTax` with "EUR"): a representation
 * has one `price`, so @apollo/query-planner (2.14) fetches one of them and both computed fields
 * are computed from it. Each requirement needs an entity fetch of its own, and the planner makes
 * one per response path: so the second computed field is planned under a copy of its parent field
 * with an alias of its own (`product__lx_req1: product(id: "p1") { eurTax }`), whose requirement
 * is then fetched with its own arguments, and the copy is merged back into the parent before
 * response shaping.
 */

/** `Type.field` → the top-level fields its `@requires` selects: name → printed arguments. */
export type Requirements = ReadonlyMap<string, ReadonlyMap<string, string>>;

export function requirementsOf(supergraphSchema: GraphQLSchema): Requirements {
  const out = new Map<string, Map<string, string>>();
  forEachRequires(supergraphSchema, (type, field, selectionSet) => {
    const fields = new Map<string, string>();
    for (const s of selectionSet.selections) if (s.kind === Kind.FIELD) fields.set(s.name.value, printArguments(s.arguments));
    out.set(`${type.name}.${field}`, fields);
  });
  return out;
}

/** Where copies were made: their alias → the response key of the field they copy, at each level. */
export interface CopyTree {
  [responseKey: string]: { copies?: string[]; below?: CopyTree };
}

export interface Split {
  document: DocumentNode;
  /** null when nothing conflicted (the document is then the one given). */
  tree: CopyTree | null;
  /** Our alias → the client's response key, for error paths. */
  names: ReadonlyMap<string, string>;
}

/** Moves each computed field whose requirement conflicts with an earlier one's into a copy of its parent field. */
export function splitRequirementConflicts(
  document: DocumentNode,
  apiSchema: GraphQLSchema,
  requirements: Requirements,
  operationName: string | undefined,
): Split {
  if (requirements.size === 0) return { document, tree: null, names: new Map() };
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  const root = operation && apiSchema.getRootType(operation.operation);
  if (!operation || !root) return { document, tree: null, names: new Map() };
  const names = new Map<string, string>();
  let counter = 0;

  /** The selections of a field's selection set, split; the copies go beside the field. */
  const rewrite = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, tree: CopyTree): SelectionSetNode => {
    const selections: SelectionNode[] = [];
    for (const selection of selectionSet.selections) {
      if (selection.kind !== Kind.FIELD || !selection.selectionSet || !('getFields' in parent)) {
        selections.push(selection);
        continue;
      }
      const definition = parent.getFields()[selection.name.value];
      const named = definition && getNamedType(definition.type);
      if (!named || !isCompositeType(named)) {
        selections.push(selection);
        continue;
      }
      const key = selection.alias?.value ?? selection.name.value;
      const entry = (tree[key] ??= {});
      entry.below ??= Object.create(null) as CopyTree;
      const inner = rewrite(selection.selectionSet, named, entry.below!);
      const groups = conflictGroups(inner, named, requirements);
      if (Object.keys(entry.below!).length === 0) delete entry.below;
      if (groups.length <= 1) {
        selections.push({ ...selection, selectionSet: inner });
      } else {
        const moved = new Set<SelectionNode>(groups.slice(1).flat());
        selections.push({ ...selection, selectionSet: { ...inner, selections: inner.selections.filter((s) => !moved.has(s)) } });
        for (const group of groups.slice(1)) {
          const alias = `${key}__lx_req${++counter}`;
          names.set(alias, key);
          (entry.copies ??= []).push(alias);
          selections.push({ ...selection, alias: { kind: Kind.NAME, value: alias }, selectionSet: { ...inner, selections: group } });
        }
      }
      if (!entry.below && !entry.copies) delete tree[key];
    }
    return { ...selectionSet, selections };
  };
  const tree: CopyTree = Object.create(null);
  const selectionSet = rewrite(operation.selectionSet, root, tree);
  if (names.size === 0) return { document, tree: null, names };
  return { document: { ...document, definitions: document.definitions.map((d) => (d === operation ? { ...operation, selectionSet } : d)) }, tree, names };
}

/**
 * The direct fields of a selection set, in groups whose requirements agree: the first group keeps
 * every field that conflicts with none before it, each further group holds the fields that would
 * conflict with an earlier group. One group (or none) means nothing to split.
 */
function conflictGroups(selectionSet: SelectionSetNode, type: GraphQLCompositeType, requirements: Requirements): FieldNode[][] {
  const groups: { fields: FieldNode[]; needs: Map<string, string> }[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const needs = requirements.get(`${type.name}.${selection.name.value}`);
    if (!needs) continue;
    const fits = (group: (typeof groups)[number]) => [...needs].every(([name, args]) => !group.needs.has(name) || group.needs.get(name) === args);
    let group = groups.find(fits);
    if (!group) groups.push((group = { fields: [], needs: new Map() }));
    group.fields.push(selection);
    for (const [name, args] of needs) group.needs.set(name, args);
  }
  return groups.map((g) => g.fields);
}

/** Merges each copy back into the field it copies, and drops it. */
export function mergeCopies(value: unknown, tree: CopyTree): void {
  eachObject(value, (object) => {
    for (const key in tree) {
      const { copies, below } = tree[key];
      for (const alias of copies ?? []) {
        if (!Object.hasOwn(object, alias)) continue;
        if (Object.hasOwn(object, key)) mergeAnswers(object[key], object[alias]);
        delete object[alias];
      }
      if (below && Object.hasOwn(object, key)) mergeCopies(object[key], below);
    }
  });
}
