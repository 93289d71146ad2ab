import { applyRewrites, isObjectOfType } from '@apollo/gateway/dist/dataRewrites.js';
import type { FetchNode, QueryPlanSelectionNode } from '@apollo/query-planner';
import type { GraphQLSchema } from 'graphql';
import { deepMerge } from './merge.js';

type Json = Record<string, unknown>;

/**
 * The distinct representations of one entity fetch, each with every entity that shares it: the
 * same entity reached along many paths (the same product under every review) is asked for once.
 *
 * On the neutral deep query a fetch reaches about 33 entities of which about 2 are distinct. Most
 * fetches require a flat list of fields of one type (`... on Product { __typename upc }`): for
 * those an entity is matched against the distinct ones by its values, read off it, with no
 * representation built and no JSON written for it; only a new one is represented and serialised.
 * Anything else (nested key fields, several type conditions, input rewrites) is told apart by its
 * representation's JSON. Both give the same answer: for values that come from JSON, equal values
 * and equal JSON are the same thing.
 */
export class DistinctRepresentations {
  readonly representations: Json[] = [];
  /** Each representation's JSON. */
  readonly keys: string[] = [];
  /** Per distinct representation, the entities that share it, in the order reached. */
  readonly targets: Json[][] = [];
  /** Per distinct representation, the index of the first entity that had it. */
  readonly firstIndex: number[] = [];
  private readonly byJson = new Map<string, number>();
  private readonly flat: FlatRequires | null;
  /** For flat requires: distinct ones by the value of their first field, and each one's values. */
  private readonly byFirst = new Map<unknown, number[]>();
  private readonly values: unknown[][] = [];

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fetch: FetchNode,
  ) {
    this.flat = flatRequires(fetch);
  }

  add(entity: Json, index: number): void {
    const flat = this.flat;
    if (flat && entity.__typename === flat.type) {
      const { names } = flat;
      const first = entity[names[0]];
      const candidates = this.byFirst.get(first);
      if (candidates) {
        for (const at of candidates) {
          const held = this.values[at];
          let same = true;
          for (let j = 1; j < names.length && same; j++) same = entity[names[j]] === held[j];
          if (same) {
            this.targets[at].push(entity);
            return;
          }
        }
      }
      const values = primitiveValues(entity, names);
      if (values) {
        const at = this.push(entity, index, represent(this.schema, entity, this.fetch.requires!)!);
        this.values[at] = values;
        if (candidates) candidates.push(at);
        else this.byFirst.set(first, [at]);
        return;
      }
    }
    const representation = represent(this.schema, entity, this.fetch.requires!);
    if (!representation?.__typename) return;
    applyRewrites(this.schema, this.fetch.inputRewrites, representation);
    const key = JSON.stringify(representation);
    const at = this.byJson.get(key);
    if (at !== undefined) {
      this.targets[at].push(entity);
      return;
    }
    this.byJson.set(key, this.push(entity, index, representation, key));
  }

  private push(entity: Json, index: number, representation: Json, key = JSON.stringify(representation)): number {
    this.representations.push(representation);
    this.keys.push(key);
    this.targets.push([entity]);
    this.firstIndex.push(index);
    return this.representations.length - 1;
  }
}

/** A fetch's requires when they are flat: one type condition over fields without selections or aliases, `__typename` among them. */
interface FlatRequires {
  type: string;
  /** The fields' names, `__typename` last (it is the type, already compared). */
  names: string[];
}

const flatByFetch = new WeakMap<FetchNode, FlatRequires | null>();

function flatRequires(fetch: FetchNode): FlatRequires | null {
  let flat = flatByFetch.get(fetch);
  if (flat !== undefined) return flat;
  flat = null;
  const [fragment, ...more] = fetch.requires ?? [];
  if (
    fragment?.kind === 'InlineFragment' &&
    fragment.typeCondition &&
    more.length === 0 &&
    !fetch.inputRewrites?.length &&
    fragment.selections.every((s) => s.kind === 'Field' && !s.selections && !s.alias) &&
    fragment.selections.some((s) => s.kind === 'Field' && s.name === '__typename')
  ) {
    const names = fragment.selections.map((s) => (s as { name: string }).name).filter((n) => n !== '__typename');
    flat = { type: fragment.typeCondition, names: [...names, '__typename'] };
  }
  flatByFetch.set(fetch, flat);
  return flat;
}

/** The entity's values of `names`, when each is there and none is an object (a custom scalar's may be): else null. */
function primitiveValues(entity: Json, names: readonly string[]): unknown[] | null {
  const values = new Array(names.length);
  for (let j = 0; j < names.length; j++) {
    const name = names[j];
    const value = entity[name];
    if (!Object.hasOwn(entity, name) || value === undefined || (value !== null && typeof value === 'object')) return null;
    values[j] = value;
  }
  return values;
}

/** An entity's representation: the fields a fetch requires (its key and @requires), read off what we hold. */
function represent(schema: GraphQLSchema, source: unknown, selections: readonly QueryPlanSelectionNode[]): Json | null {
  if (source === null || typeof source !== 'object') return null;
  // A plain object: V8 serialises it about twice as fast as a prototype-less one, and every
  // representation is serialised (its key here, the request body). The names are the planner's,
  // fields of the schema, never `__proto__` (names starting `__` are GraphQL's own).
  const result: Json = {};
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      const name = selection.alias ?? selection.name;
      const value = (source as Json)[name];
      if (!Object.hasOwn(source, name) || value === undefined) return null;
      const inner = selection.selections;
      result[name] = Array.isArray(value) ? value.map((v) => (inner ? represent(schema, v, inner) : v)) : inner ? represent(schema, value, inner) : value;
    } else if (selection.typeCondition && isObjectOfType(schema, source as Json, selection.typeCondition)) {
      deepMerge(result, represent(schema, source, selection.selections));
    }
  }
  return result;
}
