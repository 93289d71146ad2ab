import {
  ERRORS,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  isSubtype,
  isEnumType,
  Variable,
  type CompositeType,
  type EnumType,
  type ScalarType,
  type Directive,
  type FieldSelection,
  type Operation,
  type Schema,
  type SelectionSet,
  type Type,
} from '@apollo/federation-internals';
import type { GraphQLError } from 'graphql';

/**
 * Response shaping: the client's operation walked over the merged result, so the answer holds
 * exactly what was asked, in the order asked, nulls bubbled to the nearest nullable field and
 * values that do not fit the schema reported. The same algorithm as @apollo/gateway's
 * computeResponse, which the executor used before, but compiled once per operation: its walk
 * asked each selection for its @skip/@include directives, each field for its type, and the
 * schema for each __typename on every request, through federation-internals' re-export getters,
 * a quarter of the gateway's CPU on the neutral bench's deep query. Here a request only reads
 * plain objects.
 */

type Json = Record<string, unknown>;

/** A selection's @skip and @include, as a test of the request's variables; null when it has none. */
type Condition = ((variables: Json) => boolean) | null;

/** A field's type, unwrapped once: what to do with the value at each level. */
type Shape = (
  | { kind: 'nonNull'; of: Shape }
  | { kind: 'list'; of: Shape }
  | { kind: 'composite'; name: string; selection: Compiled }
  | { kind: 'leaf'; type: ScalarType | EnumType; valid: (value: unknown) => boolean }
) & {
  text: string;
  /** The field has no selection set (a scalar or enum, perhaps in lists): a value already held stays. */
  leaf: boolean;
};

interface Field {
  kind: 'field';
  responseName: string;
  skipped: Condition;
  typename: boolean;
  introspection: FieldSelection | null;
  shape: Shape | null;
  /** A scalar or enum field, nullable or not, outside lists: valid values are copied without `update`. */
  scalar: ((value: unknown) => boolean) | null;
}

interface Fragment {
  kind: 'fragment';
  skipped: Condition;
  typeCondition: string | null;
  selection: Compiled;
  /** The gateway's label of its @defer (see defer-labels.ts), when it has one. */
  deferLabel: string | null;
}

/**
 * A fragment under @defer, as a part of the answer that may come after the rest: where it sits
 * (the response names of the fields around it), the type it is spread on, and the nearest
 * deferred fragment it sits in.
 */
export interface DeferredFragment {
  label: string;
  path: readonly string[];
  parentType: string;
  parent: string | null;
  /** Whether it is deferred for these variables (`@defer(if:)`). */
  active: (variables: Json) => boolean;
  fragment: Fragment;
}

/** What compiling an operation found under @defer, in document order. */
interface Scope {
  deferred: DeferredFragment[];
  path: string[];
  parent: string | null;
}

type Compiled = readonly (Field | Fragment)[];

/** What shaping knows of the schema, by type name: read once per schema. */
interface Types {
  schema: Schema;
  /** What a type of this name is, if the schema has one. */
  kinds: Map<string, 'object' | 'composite' | 'other' | 'none'>;
  /** Whether the named type condition applies to a runtime type, by condition then runtime type (no key to build per object). */
  applies: Map<string, Map<string, boolean>>;
}

const typesBySchema = new WeakMap<Schema, Types>();
interface CompiledOperation {
  selection: Compiled;
  root: string;
  defaults: Json;
  deferred: readonly DeferredFragment[];
}

const compiledByOperation = new WeakMap<Operation, CompiledOperation>();

function typesOf(schema: Schema): Types {
  let types = typesBySchema.get(schema);
  if (!types) typesBySchema.set(schema, (types = { schema, kinds: new Map(), applies: new Map() }));
  return types;
}

function kindOf(types: Types, name: string): 'object' | 'composite' | 'other' | 'none' {
  let kind = types.kinds.get(name);
  if (kind === undefined) {
    const type = types.schema.type(name);
    kind = !type ? 'none' : isObjectType(type) ? 'object' : isCompositeType(type) ? 'composite' : 'other';
    // A name the schema lacks came from a subgraph's data: not kept, so such names cannot grow the cache.
    if (type) types.kinds.set(name, kind);
  }
  return kind;
}

const isCompositeName = (types: Types, name: string) => {
  const kind = kindOf(types, name);
  return kind === 'object' || kind === 'composite';
};

function conditionApplies(types: Types, condition: string, runtime: string): boolean {
  let byRuntime = types.applies.get(condition);
  if (!byRuntime) types.applies.set(condition, (byRuntime = new Map()));
  let applies = byRuntime.get(runtime);
  if (applies === undefined) {
    const conditionType = types.schema.type(condition);
    const runtimeType = types.schema.type(runtime);
    applies = !!conditionType && !!runtimeType && isSubtype(conditionType, runtimeType);
    // Only names of the schema are kept, so a subgraph's made-up __typename cannot grow the cache.
    if (conditionType && runtimeType) byRuntime.set(runtime, applies);
  }
  return applies;
}

function ifValue(directive: Directive<any> | undefined): ((variables: Json) => boolean) | null {
  if (!directive) return null;
  const value = directive.arguments().if;
  if (value instanceof Variable) {
    const name = value.name;
    return (variables) => variables[name] === true;
  }
  return value === true ? () => true : () => false;
}

function conditionOf(element: { appliedDirectivesOf(d: never): Directive<any>[] }, schema: Schema): Condition {
  const skip = ifValue(element.appliedDirectivesOf(schema.skipDirective() as never)[0]);
  const include = ifValue(element.appliedDirectivesOf(schema.includeDirective() as never)[0]);
  if (!skip && !include) return null;
  return (variables) => (skip ? skip(variables) : false) || (include ? !include(variables) : false);
}

function shapeOf(schema: Schema, type: Type, selectionSet: SelectionSet | undefined, scope: Scope): Shape {
  const text = type.toString();
  const leaf = !selectionSet;
  if (isNonNullType(type)) return { kind: 'nonNull', of: shapeOf(schema, type.ofType, selectionSet, scope), text, leaf };
  if (isListType(type)) return { kind: 'list', of: shapeOf(schema, type.ofType, selectionSet, scope), text, leaf };
  if (isCompositeType(type)) return { kind: 'composite', name: type.name, selection: compile(schema, selectionSet!, type.name, scope), text, leaf };
  return { kind: 'leaf', type: type as ScalarType | EnumType, valid: leafCheck(type as ScalarType | EnumType), text, leaf };
}

/** An integer as GraphQL prints one: the stock check reads `String(value)` against /^-?(0|[1-9][0-9]*)$/. */
const integral = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 1e21;

/**
 * What isValidLeafValue answers for a value of this type, decided once per field instead of once
 * per value (it turns every number into a string and matches it against a pattern).
 */
function leafCheck(type: ScalarType | EnumType): (value: unknown) => boolean {
  if (isEnumType(type)) {
    const names = new Set(type.values.map((v) => v.name));
    return (value) => typeof value === 'string' && names.has(value);
  }
  switch (type.name) {
    case 'Boolean':
      return (value) => typeof value === 'boolean';
    case 'Int':
      return integral;
    case 'ID':
      return (value) => typeof value === 'string' || integral(value);
    case 'Float':
      return (value) => typeof value === 'number' && Number.isFinite(value);
    case 'String':
      return (value) => typeof value === 'string';
    default:
      return () => true;
  }
}

function compile(schema: Schema, selectionSet: SelectionSet, parentType: string, scope: Scope): Compiled {
  return selectionSet.selections().map((selection): Field | Fragment => {
    const skipped = conditionOf(selection.element as never, schema);
    if (selection.kind === 'FieldSelection') {
      const field = selection.element;
      const introspection = field.definition.isSchemaIntrospectionField();
      const typename = field.name === '__typename';
      const responseName = field.responseName();
      scope.path.push(responseName);
      const shape = introspection || typename ? null : shapeOf(schema, field.definition.type!, selection.selectionSet, scope);
      scope.path.pop();
      const leafShape = shape?.kind === 'nonNull' ? shape.of : shape;
      const scalar = leafShape?.kind === 'leaf' ? leafShape.valid : null;
      return { kind: 'field', responseName, skipped, typename, introspection: introspection ? selection : null, shape, scalar };
    }
    const condition = selection.element.typeCondition as CompositeType | undefined;
    const defer = selection.element.deferDirectiveArgs();
    const deferLabel = defer?.label ?? null;
    const outer = scope.parent;
    if (deferLabel) scope.parent = deferLabel;
    const fragment: Fragment = {
      kind: 'fragment',
      skipped,
      typeCondition: condition?.name ?? null,
      selection: compile(schema, selection.selectionSet, condition?.name ?? parentType, scope),
      deferLabel,
    };
    scope.parent = outer;
    if (deferLabel) {
      const when = defer!.if;
      const active = when instanceof Variable ? (variables: Json) => variables[when.name] !== false : () => when !== false;
      scope.deferred.push({ label: deferLabel, path: [...scope.path], parentType, parent: outer, active, fragment });
    }
    return fragment;
  });
}

interface Run {
  types: Types;
  variables: Json;
  errors: GraphQLError[];
  introspect: (field: FieldSelection) => unknown;
  path: (string | number)[];
  /** Labels of the deferred fragments this answer leaves out (they come in later parts). */
  later: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();

function compiledOf(operation: Operation): CompiledOperation {
  let compiled = compiledByOperation.get(operation);
  if (!compiled) {
    const schema = operation.schema();
    const root = schema.schemaDefinition.rootType(operation.rootKind)!.name;
    const scope: Scope = { deferred: [], path: [], parent: null };
    compiled = {
      selection: compile(schema, operation.selectionSet, root, scope),
      root,
      defaults: operation.collectDefaultedVariableValues(),
      deferred: scope.deferred,
    };
    compiledByOperation.set(operation, compiled);
  }
  return compiled;
}

const variablesOf = (compiled: CompiledOperation, variables: Json) => ({ __proto__: null, ...compiled.defaults, ...variables }) as Json;

/**
 * The operation's fragments deferred for these variables, each with its nearest deferred
 * ancestor (`parent`) among them; a fragment whose `@defer(if:)` is false is part of its parent.
 */
export function deferredFragments(operation: Operation, variables: Json): DeferredFragment[] {
  const compiled = compiledOf(operation);
  const values = variablesOf(compiled, variables);
  const byLabel = new Map(compiled.deferred.map((d) => [d.label, d]));
  const activeParent = (label: string | null): string | null => {
    let at = label;
    while (at !== null && !byLabel.get(at)!.active(values)) at = byLabel.get(at)!.parent;
    return at;
  };
  return compiled.deferred.filter((d) => d.active(values)).map((d) => ({ ...d, parent: activeParent(d.parent) }));
}

/**
 * One deferred fragment's answer for the object at `path`: the fragment's own fields, shaped as
 * the whole answer is, with the deferred fragments inside it left for later. A null that bubbles
 * stops at the fragment (its data is null), as incremental delivery asks.
 */
export function shapeDeferred(
  operation: Operation,
  variables: Json,
  deferred: DeferredFragment,
  input: Json,
  path: readonly (string | number)[],
  later: ReadonlySet<string>,
  introspect: (field: FieldSelection) => unknown,
): { data: Json | null; errors: GraphQLError[] } {
  const compiled = compiledOf(operation);
  const run: Run = { types: typesOf(operation.schema()), variables: variablesOf(compiled, variables), errors: [], introspect, path: [...path], later };
  const data: Json = {};
  const result = applySelection(run, [{ ...deferred.fragment, deferLabel: null }], input, data, deferred.parentType);
  return { data: result === BUBBLE ? null : data, errors: run.errors };
}

const BUBBLE = Symbol('null bubbles up');

/** The client's answer from the merged result. */
export function shapeResponse(
  operation: Operation,
  variables: Json,
  input: Json | null | undefined,
  introspect: (field: FieldSelection) => unknown,
  later: ReadonlySet<string> = NONE,
): { data: Json | null | undefined; errors: GraphQLError[] } {
  if (!input) return { data: input, errors: [] };
  const compiled = compiledOf(operation);
  const run: Run = { types: typesOf(operation.schema()), variables: variablesOf(compiled, variables), errors: [], introspect, path: [], later };
  const data: Json = {};
  const result = applySelection(run, compiled.selection, input, data, compiled.root);
  return { data: result === BUBBLE ? null : data, errors: run.errors };
}

function applySelection(run: Run, selection: Compiled, input: Json, output: Json, parentType: string): typeof BUBBLE | undefined {
  for (const item of selection) {
    if (item.skipped?.(run.variables)) continue;
    if (item.kind === 'fragment') {
      if (item.deferLabel !== null && run.later.has(item.deferLabel)) continue;
      const typename = input.__typename;
      const applies =
        item.typeCondition === null ||
        (typeof typename === 'string' && typename
          ? conditionApplies(run.types, item.typeCondition, typename)
          : conditionApplies(run.types, item.typeCondition, parentType));
      if (applies && applySelection(run, item.selection, input, output, item.typeCondition ?? parentType) === BUBBLE) return BUBBLE;
      continue;
    }
    const name = item.responseName;
    // Output objects are plain ones (V8 serialises them far faster than null-prototype ones): a
    // client's alias `__proto__` is written and read as an own property, never as the prototype.
    if (name === '__proto__' && Object.getPrototypeOf(output) !== null) {
      if (applyOwn(run, item, input, output, parentType) === BUBBLE) return BUBBLE;
      continue;
    }
    const held = output[name];
    if (item.introspection) {
      if (held === undefined) output[name] = run.introspect(item.introspection);
      continue;
    }
    let value = Object.hasOwn(input, name) ? (input[name] ?? null) : null;
    if (item.typename) {
      if (held === undefined) {
        if (value === null && name !== '__typename') value = input.__typename ?? null;
        const type = typeof value === 'string' && kindOf(run.types, value) !== 'none' ? value : parentType;
        if (kindOf(run.types, type) !== 'object') return BUBBLE;
        output[name] = type;
      }
      continue;
    }
    // Most of an answer is scalars: one already held stays, a valid one is copied as it is.
    if (item.scalar && (held !== undefined || (value !== null && item.scalar(value)))) {
      if (held === undefined) output[name] = value;
      continue;
    }
    run.path.push(name);
    const { updated, invalid } = update(run, held, item.shape!, value, parentType);
    output[name] = updated;
    run.path.pop();
    if (invalid) return BUBBLE;
  }
  return undefined;
}

/** A field whose response name is `__proto__`, shaped through a null-prototype view of its own. */
function applyOwn(run: Run, item: Field, input: Json, output: Json, parentType: string): typeof BUBBLE | undefined {
  const view: Json = Object.create(null);
  if (Object.hasOwn(output, item.responseName)) view[item.responseName] = output[item.responseName];
  const result = applySelection(run, [item], input, view, parentType);
  if (Object.hasOwn(view, item.responseName))
    Object.defineProperty(output, item.responseName, { value: view[item.responseName], enumerable: true, writable: true, configurable: true });
  return result;
}

interface Updated {
  updated: unknown;
  invalid?: boolean;
  hasErrors?: boolean;
}

function describe(path: readonly (string | number)[], type: string, parentType: string): string {
  const last = path[path.length - 1];
  return typeof last === 'string' ? `field ${parentType}.${last}` : `array element of type ${type} at index ${last}`;
}

function update(run: Run, held: unknown, shape: Shape, input: unknown, parentType: string): Updated {
  if (held === null || (held !== undefined && shape.leaf)) return { updated: held };
  if (shape.kind === 'nonNull') {
    const inner = update(run, held, shape.of, input, parentType);
    if (inner.updated === null) {
      if (!inner.hasErrors)
        run.errors.push(
          ERRORS.INVALID_GRAPHQL.err(`Cannot return null for non-nullable ${describe(run.path, shape.of.text, parentType)}.`, { path: [...run.path] }),
        );
      return { updated: null, invalid: true, hasErrors: true };
    }
    return { updated: inner.updated };
  }
  if (input === null || input === undefined) return { updated: null };
  if (shape.kind === 'list') {
    if (!Array.isArray(input)) throw new Error(`Invalid non-list value ${String(input)} returned by subgraph for list type ${shape.text}`);
    const heldList = held === undefined ? undefined : (held as unknown[]);
    if (heldList && heldList.length !== input.length) throw new Error(`list lengths differ at ${run.path.join('.')}`);
    let nullify = false;
    let hasErrors = false;
    const out = new Array(input.length);
    for (let i = 0; i < input.length; i++) {
      run.path.push(i);
      const element = update(run, heldList?.[i], shape.of, input[i], parentType);
      run.path.pop();
      nullify ||= !!element.invalid;
      hasErrors ||= !!element.hasErrors;
      out[i] = element.updated;
    }
    return { updated: nullify ? null : out, hasErrors };
  }
  if (shape.kind === 'composite') {
    if (typeof input !== 'object') throw new Error(`Invalid non-object value returned by subgraph for composite type ${shape.text}`);
    const typename = (input as Json).__typename;
    let objectType = shape.name;
    if (typename) {
      if (typeof typename !== 'string' || !isCompositeName(run.types, typename)) {
        run.errors.push(
          ERRORS.INVALID_GRAPHQL.err(`Invalid __typename found for object at ${describe(run.path, shape.text, parentType)}.`, { path: [...run.path] }),
        );
        return { updated: null, hasErrors: true };
      }
      objectType = typename;
    }
    const out = held === undefined ? {} : (held as Json);
    const bubbled = applySelection(run, shape.selection, input as Json, out, objectType) === BUBBLE;
    return { updated: bubbled ? null : out, hasErrors: bubbled };
  }
  const valid = shape.valid(input);
  if (!valid) run.errors.push(ERRORS.INVALID_GRAPHQL.err(`Invalid value found for ${describe(run.path, shape.text, parentType)}.`, { path: [...run.path] }));
  return { updated: valid ? input : null, hasErrors: !valid };
}
