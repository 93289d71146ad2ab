import type { DocumentNode, FieldNode, FragmentDefinitionNode, GraphQLCompositeType, GraphQLSchema, SelectionSetNode } from 'graphql';
import { graphqlRuntime } from '../graphql-runtime.js';
import { printArguments } from './arguments.js';

const { Kind, TypeInfo, getNamedType, isAbstractType, isCompositeType, parse, visit, visitWithTypeInfo } = graphqlRuntime;

/**
 * @apollo/query-planner (2.14) merges a field that a `@requires` needs with the client's own
 * selection of the same field when their arguments differ: whichever comes first in the operation
 * wins. The counter dashboard asks `holdings(labels: [RED, YELLOW])` while recommendations require
 * `holdings` (all of them), so the catalog ranked on the red and yellow holdings only, or, with the
 * fields in the other order, the clerk saw every holding instead of the expiring ones.
 *
 * The planner keeps differently named fields apart, so the client's field is given an alias of its
 * own before planning, and its value is moved back under the client's name before shaping.
 */

/** `Type.field` → the arguments (printed) that some `@requires` selects it with. */
export type RequiredFields = ReadonlyMap<string, ReadonlySet<string>>;

/** Every field any `@requires` in the supergraph selects, at any depth, with its arguments. */
export function requiredFields(supergraphSchema: GraphQLSchema): RequiredFields {
  const required = new Map<string, Set<string>>();
  const walk = (type: GraphQLCompositeType, selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? supergraphSchema.getType(selection.typeCondition.name.value) : type;
        if (on && isCompositeType(on)) walk(on, selection.selectionSet);
        continue;
      }
      if (selection.kind !== Kind.FIELD || !('getFields' in type)) continue;
      const coordinate = `${type.name}.${selection.name.value}`;
      let variants = required.get(coordinate);
      if (!variants) required.set(coordinate, (variants = new Set()));
      variants.add(printArguments(selection.arguments));
      const fieldType = type.getFields()[selection.name.value]?.type;
      const named = fieldType && getNamedType(fieldType);
      if (selection.selectionSet && named && isCompositeType(named)) walk(named, selection.selectionSet);
    }
  };
  forEachRequires(supergraphSchema, (type, _field, selectionSet) => walk(type, selectionSet));
  return required;
}

/** Each `@requires` of the supergraph: the type and field that declare it, and what it selects. */
export function forEachRequires(
  supergraphSchema: GraphQLSchema,
  visitRequires: (type: GraphQLCompositeType, field: string, selectionSet: SelectionSetNode) => void,
): void {
  for (const type of Object.values(supergraphSchema.getTypeMap())) {
    if (type.name.startsWith('__') || !('getFields' in type) || !isCompositeType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      for (const directive of field.astNode?.directives ?? []) {
        if (directive.name.value !== 'join__field') continue;
        const requires = directive.arguments?.find((a) => a.name.value === 'requires')?.value;
        if (requires?.kind === Kind.STRING)
          visitRequires(type, field.name, (parse(`{ ${requires.value} }`).definitions[0] as { selectionSet: SelectionSetNode }).selectionSet);
      }
    }
  }
}

/** Calls `visitObject` on a value, or on every object in it when it is a list (of lists). */
export function eachObject(value: unknown, visitObject: (object: Record<string, unknown>) => void): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) for (const element of value) eachObject(element, visitObject);
  else visitObject(value as Record<string, unknown>);
}

/** Where the client's fields were renamed: response key → the client's name, and what lies below. */
export interface AliasTree {
  /** `client`: the client also selects this key as it is, in a fragment on another type. */
  [responseKey: string]: { restore?: string; below?: AliasTree; client?: boolean };
}

export interface Separated {
  /** The document to plan: the client's, with conflicting fields under aliases of their own. */
  document: DocumentNode;
  /** null when nothing conflicted (the document is then the client's own). */
  tree: AliasTree | null;
  /** Our alias → the client's name, for error paths. */
  names: ReadonlyMap<string, string>;
}

/** Gives each client field that a `@requires` selects with other arguments an alias of its own. */
export function separateRequiredFields(
  document: DocumentNode,
  apiSchema: GraphQLSchema,
  required: RequiredFields,
  operationName: string | undefined,
): Separated {
  if (required.size === 0) return { document, tree: null, names: new Map() };
  const taken = new Set<string>();
  visit(document, { Field: (node) => void taken.add(node.alias?.value ?? node.name.value) });
  const names = new Map<string, string>();
  const typeInfo = new TypeInfo(apiSchema);
  const rewritten = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        // A field under another name already stands apart from what @requires asks for.
        if (!parent || (node.alias && node.alias.value !== node.name.value)) return undefined;
        if (!conflicts(parent, node, apiSchema, required)) return undefined;
        let alias: string;
        for (let i = 0; taken.has((alias = `${node.name.value}__lx_own${i}`)); i++);
        taken.add(alias);
        names.set(alias, node.name.value);
        return { ...node, alias: { kind: Kind.NAME, value: alias } };
      },
    }),
  );
  if (names.size === 0) return { document, tree: null, names };
  return { document: rewritten, tree: aliasTree(rewritten, names, operationName), names };
}

function conflicts(parent: GraphQLCompositeType, node: FieldNode, schema: GraphQLSchema, required: RequiredFields): boolean {
  const types = isAbstractType(parent) ? [parent, ...schema.getPossibleTypes(parent)] : [parent];
  const own = printArguments(node.arguments);
  return types.some((t) => [...(required.get(`${t.name}.${node.name.value}`) ?? [])].some((args) => args !== own));
}

/** The response keys leading to each aliased field in the operation, fragments spread. */
function aliasTree(document: DocumentNode, names: ReadonlyMap<string, string>, operationName: string | undefined): AliasTree | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName));
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return null;
  const clientNames = new Set(names.values());
  const build = (selectionSet: SelectionSetNode, tree: AliasTree): boolean => {
    let any = false;
    for (const s of selectionSet.selections) {
      if (s.kind === Kind.INLINE_FRAGMENT) any = build(s.selectionSet, tree) || any;
      else if (s.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(s.name.value);
        if (fragment) any = build(fragment.selectionSet, tree) || any;
      } else {
        const key = s.alias?.value ?? s.name.value;
        const entry = tree[key] ?? {};
        const restore = names.get(key);
        if (restore) entry.restore = restore;
        else if (clientNames.has(key)) entry.client = true;
        let below = false;
        if (s.selectionSet) {
          entry.below ??= {};
          below = build(s.selectionSet, entry.below);
          if (!below && Object.keys(entry.below).length === 0) delete entry.below;
        }
        if (restore || entry.client || below || tree[key]) {
          tree[key] = entry;
          any = true;
        }
      }
    }
    return any;
  };
  const tree: AliasTree = Object.create(null);
  return build(operation.selectionSet, tree) ? tree : null;
}

/**
 * Puts each aliased field's value back under the client's name in the merged result. What sat
 * there was the @requires copy, which the plan has used by now; if the client's own field did not
 * arrive (its subgraph failed), the copy goes too, so the client sees null and the error, never
 * the @requires copy in its place.
 */
export function restoreClientNames(value: unknown, tree: AliasTree): void {
  eachObject(value, (object) => {
    for (const key in tree) {
      const { restore, below } = tree[key];
      const present = Object.hasOwn(object, key);
      if (below && present) restoreClientNames(object[key], below);
      if (!restore) continue;
      if (present) object[restore] = object[key];
      else if (!tree[restore]?.client) delete object[restore];
    }
  });
}

/** An error path through our aliases, in the client's names. */
export function clientPath(path: readonly (string | number)[], names: ReadonlyMap<string, string>): (string | number)[] {
  return path.map((step) => (typeof step === 'string' ? (names.get(step) ?? step) : step));
}
