import { createHash } from 'node:crypto';
import type {
  ConstDirectiveNode,
  DefinitionNode,
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
  GraphQLOutputType,
} from 'graphql';
import { ErrorCode } from '../../lib/errors.js';
import { graphqlRuntime } from '../graphql-runtime.js';

const { isNonNullType, Kind, parse, print, TypeInfo, visit, visitWithTypeInfo, getNamedType } = graphqlRuntime;

/**
 * Federation 2.5 authorization (`@authenticated`, `@requiresScopes`) enforced in the gateway with
 * Apollo Router's semantics: the operation is filtered before planning, so no subgraph is asked
 * for what the caller may not see; each removed field comes back null with an
 * UNAUTHORIZED_FIELD_OR_TYPE error at its path, and the rest is served.
 *
 * @apollo/gateway refuses supergraphs that link these specs ("for: SECURITY ... unsupported"), so
 * the requirements are read from the supergraph here and the links removed before it loads.
 */
export interface Requirement {
  authenticated: boolean;
  /** Any one of these lists, all of its scopes (Router's `[[a, b], [c]]` = (a AND b) OR c). */
  scopes: string[][] | null;
}

export interface AuthorizationPolicy {
  /** `Type` and `Type.field` → requirement. */
  requirements: Map<string, Requirement>;
}

const SPECS = { authenticated: 'https://specs.apollo.dev/authenticated/', requiresScopes: 'https://specs.apollo.dev/requiresScopes/' } as const;

/** Splits a supergraph into what @apollo/gateway can load and the authorization it cannot. */
export function extractAuthorization(supergraphSdl: string): { sdl: string; policy: AuthorizationPolicy } {
  const doc = parse(supergraphSdl);
  const names = { authenticated: '', requiresScopes: '' };
  for (const d of doc.definitions) {
    if (d.kind !== Kind.SCHEMA_DEFINITION && d.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const dir of d.directives ?? []) {
      if (dir.name.value !== 'link') continue;
      const url = argString(dir, 'url') ?? '';
      for (const key of Object.keys(SPECS) as (keyof typeof SPECS)[]) if (url.startsWith(SPECS[key])) names[key] = argString(dir, 'as') ?? key;
    }
  }
  const requirements = new Map<string, Requirement>();
  if (!names.authenticated && !names.requiresScopes) return { sdl: supergraphSdl, policy: { requirements } };

  const read = (directives: readonly ConstDirectiveNode[] | undefined): Requirement | null => {
    let req = null as Requirement | null;
    for (const dir of directives ?? []) {
      if (dir.name.value === names.authenticated) req = { authenticated: true, scopes: req?.scopes ?? null };
      if (dir.name.value === names.requiresScopes) {
        const arg = dir.arguments?.find((a) => a.name.value === 'scopes')?.value;
        const scopes =
          arg?.kind === Kind.LIST
            ? arg.values.map((inner) => (inner.kind === Kind.LIST ? inner.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])) : []))
            : [];
        req = { authenticated: true, scopes: [...(req?.scopes ?? []), ...scopes] };
      }
    }
    return req;
  };
  for (const d of doc.definitions) {
    if (!('name' in d) || !d.name || !('directives' in d)) continue;
    const own = read(d.directives as readonly ConstDirectiveNode[]);
    if (own) requirements.set(d.name.value, own);
    if ('fields' in d && Array.isArray(d.fields)) {
      for (const f of d.fields) {
        const req = read(f.directives);
        if (req) requirements.set(`${d.name.value}.${f.name.value}`, req);
      }
    }
  }

  const ours = new Set([names.authenticated, names.requiresScopes].filter(Boolean));
  const strip = <T extends { directives?: readonly ConstDirectiveNode[] }>(node: T): T =>
    node.directives
      ? {
          ...node,
          directives: node.directives.filter(
            (dir) => !ours.has(dir.name.value) && !(dir.name.value === 'link' && Object.values(SPECS).some((s) => (argString(dir, 'url') ?? '').startsWith(s))),
          ),
        }
      : node;
  const definitions: DefinitionNode[] = [];
  for (const d of doc.definitions) {
    if (d.kind === Kind.DIRECTIVE_DEFINITION && ours.has(d.name.value)) continue;
    if (d.kind === Kind.SCALAR_TYPE_DEFINITION && d.name.value.startsWith(`${names.requiresScopes || 'requiresScopes'}__`)) continue;
    let out = strip(d as DefinitionNode & { directives?: readonly ConstDirectiveNode[] });
    if ('fields' in out && Array.isArray(out.fields)) out = { ...out, fields: out.fields.map(strip) } as typeof out;
    definitions.push(out);
  }
  return { sdl: print({ ...doc, definitions }), policy: { requirements } };
}

function argString(dir: ConstDirectiveNode, name: string): string | undefined {
  const v = dir.arguments?.find((a) => a.name.value === name)?.value;
  return v?.kind === Kind.STRING ? v.value : undefined;
}

export interface Caller {
  authenticated: boolean;
  scopes: ReadonlySet<string>;
}

const scopeKeys = new WeakMap<ReadonlySet<string>, string>();

/**
 * Authorization depends only on the scopes: one key per distinct set, for the authorization cache
 * and the filtered plans alike. Remembered per set (a caller's set is shared by everyone with the
 * same roles), so a request does not sort its scopes again.
 */
export function scopeKeyOf(caller: Caller): string {
  if (!caller.authenticated) return '-';
  let key = scopeKeys.get(caller.scopes);
  if (key === undefined) scopeKeys.set(caller.scopes, (key = [...caller.scopes].sort().join(' ')));
  return key;
}

function allowed(req: Requirement | undefined, caller: Caller): boolean {
  if (!req) return true;
  if (req.authenticated && !caller.authenticated) return false;
  if (req.scopes && req.scopes.length > 0) return req.scopes.some((all) => all.every((s) => caller.scopes.has(s)));
  return true;
}

/** Where a removed field's null lands: its own path, or the nearest nullable ancestor's. */
interface Denial {
  /** Response keys from the root to the removed field (lists are crossed element-wise). */
  path: string[];
  /** How many keys of `path` the null is set at (≤ path.length; 0 = the whole data). */
  nullAt: number;
  /** What carries the requirement the caller lacks: a field (`Customer.idNumber`) or a type. */
  coordinate: string;
  /** The scopes that would do (any one inner list, all of it), or a token at all. */
  needs: string[][] | 'authenticated';
}

export interface AuthorizationResult {
  denials: Denial[];
  /** The operation to execute without the removed fields, or null when nothing is left. */
  document: DocumentNode | null;
  queryHashSuffix: string;
}

/**
 * Filters one operation for one caller. The result depends only on the document, the operation
 * and the caller's scopes, so it is cached on those by the plugin.
 */
export function authorizeOperation(
  schema: GraphQLSchema,
  policy: AuthorizationPolicy,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  caller: Caller,
): AuthorizationResult | null {
  if (policy.requirements.size === 0) return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

  // 1. Which field coordinates this caller may not have.
  const deniedFields = new Map<FieldNode, Pick<Denial, 'coordinate' | 'needs'>>();
  const typeInfo = new TypeInfo(schema);
  const check = (def: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(
      def,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const parent = typeInfo.getParentType();
          const type = typeInfo.getType();
          if (!parent || !type || node.name.value.startsWith('__')) return;
          const returned = getNamedType(type).name;
          const coordinate = `${parent.name}.${node.name.value}`;
          const onField = policy.requirements.get(coordinate);
          const onType = policy.requirements.get(returned);
          const missing = !allowed(onField, caller) ? onField : !allowed(onType, caller) ? onType : undefined;
          if (missing)
            deniedFields.set(node, {
              coordinate: missing === onField ? coordinate : returned,
              needs: missing.scopes?.length ? missing.scopes : 'authenticated',
            });
        },
      }),
    );
  check(operation);
  for (const f of fragments.values()) check(f);
  if (deniedFields.size === 0) return null;

  // 2. The paths they occupy in the response, and where null lands for each (non-null bubbles up).
  const denials: Denial[] = [];
  const rootType =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  const collect = (set: SelectionSetNode, path: string[], nonNull: boolean[], parentType: ReturnType<typeof schema.getType>, seen: Set<string>) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const key = s.alias?.value ?? s.name.value;
        const def = parentType && 'getFields' in parentType ? parentType.getFields()[s.name.value] : undefined;
        const type = def?.type as GraphQLOutputType | undefined;
        const here = [...path, key];
        const hereNonNull = [...nonNull, type ? isNonNullType(type) : false];
        const denied = deniedFields.get(s);
        if (denied) {
          let nullAt = here.length;
          while (nullAt > 0 && hereNonNull[nullAt - 1]) nullAt--;
          denials.push({ path: here, nullAt, ...denied });
        } else if (s.selectionSet && type) {
          collect(s.selectionSet, here, hereNonNull, getNamedType(type), seen);
        }
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        collect(s.selectionSet, path, nonNull, s.typeCondition ? schema.getType(s.typeCondition.name.value) : parentType, seen);
      } else if (!seen.has(s.name.value)) {
        const f = fragments.get(s.name.value);
        if (f) collect(f.selectionSet, path, nonNull, schema.getType(f.typeCondition.name.value), new Set([...seen, s.name.value]));
      }
    }
  };
  collect(operation.selectionSet, [], [], rootType ?? undefined, new Set());

  // 3. The document without them; a selection set left empty takes its field (or fragment) along,
  //    and the response patch then nulls that field where the denied child would have been.
  const filteredFragments = new Map<string, FragmentDefinitionNode | null>();
  const fragmentOf = (name: string): FragmentDefinitionNode | null => {
    if (!filteredFragments.has(name)) {
      const f = fragments.get(name);
      const set = f ? filterSet(f.selectionSet) : null;
      filteredFragments.set(name, f && set ? { ...f, selectionSet: set } : null);
    }
    return filteredFragments.get(name)!;
  };
  function filterSet(set: SelectionSetNode): SelectionSetNode | null {
    const kept: SelectionSetNode['selections'][number][] = [];
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (deniedFields.has(sel)) continue;
        if (!sel.selectionSet) kept.push(sel);
        else {
          const sub = filterSet(sel.selectionSet);
          if (sub) kept.push(sub === sel.selectionSet ? sel : { ...sel, selectionSet: sub });
        }
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const sub = filterSet(sel.selectionSet);
        if (sub) kept.push(sub === sel.selectionSet ? sel : { ...sel, selectionSet: sub });
      } else if (fragmentOf(sel.name.value)) {
        kept.push(sel);
      }
    }
    if (kept.length === 0) return null;
    return kept.length === set.selections.length && kept.every((k, i) => k === set.selections[i]) ? set : { ...set, selections: kept };
  }
  const rootSet = filterSet(operation.selectionSet);
  const filtered: DocumentNode | null = rootSet
    ? {
        ...document,
        definitions: [
          { ...operation, selectionSet: rootSet },
          ...[...fragments.keys()]
            .map((n) => fragmentOf(n))
            .filter((f): f is FragmentDefinitionNode => f !== null && usedIn(rootSet, f.name.value, fragmentOf)),
        ],
      }
    : null;
  return {
    denials,
    document: filtered,
    queryHashSuffix: createHash('sha256').update(scopeKeyOf(caller)).digest('hex').slice(0, 16),
  };
}

/** Whether a fragment is still spread anywhere under a selection set (unused fragments fail planning). */
function usedIn(set: SelectionSetNode, name: string, fragmentOf: (n: string) => FragmentDefinitionNode | null, seen = new Set<string>()): boolean {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FRAGMENT_SPREAD) {
      if (sel.name.value === name) return true;
      if (seen.has(sel.name.value)) continue;
      seen.add(sel.name.value);
      const f = fragmentOf(sel.name.value);
      if (f && usedIn(f.selectionSet, name, fragmentOf, seen)) return true;
    } else if (sel.selectionSet && usedIn(sel.selectionSet, name, fragmentOf, seen)) return true;
  }
  return false;
}

/** Puts null where each removed field was, and an error naming it, into a response. */
export function applyDenials(
  result: { data?: Record<string, unknown> | null; errors?: readonly unknown[] },
  denials: readonly Denial[],
): { data: Record<string, unknown> | null; errors: unknown[] } {
  let data = result.data === undefined ? {} : result.data;
  const errors: unknown[] = [...(result.errors ?? [])];
  for (const d of denials) {
    const needs = d.needs === 'authenticated' ? '登录 / a staff token' : d.needs.map((all) => all.join(' + ')).join(' 或 / or ');
    errors.push({
      message: `无权访问 ${d.coordinate}：需要 ${needs} / not authorized for ${d.coordinate}: needs ${needs}`,
      path: d.path,
      extensions: { code: ErrorCode.UNAUTHORIZED_FIELD_OR_TYPE, field: d.coordinate, requiredScopes: d.needs === 'authenticated' ? [] : d.needs },
    });
    if (data === null) continue;
    if (d.nullAt === 0) {
      data = null;
      continue;
    }
    setNull(data, d.path.slice(0, d.nullAt), 0);
  }
  return { data, errors };
}

function setNull(container: unknown, keys: string[], i: number): void {
  if (Array.isArray(container)) {
    for (const item of container) setNull(item, keys, i);
    return;
  }
  if (container === null || typeof container !== 'object') return;
  const obj = container as Record<string, unknown>;
  const key = keys[i];
  if (i === keys.length - 1 || obj[key] === undefined) {
    // The field itself, or an ancestor whose whole selection was removed: null there.
    obj[key] = null;
    return;
  }
  setNull(obj[key], keys, i + 1);
}
