import { baseType, type Supergraph } from '@apollo/federation-internals';
import type { FetchNode, PlanNode, QueryPlan, QueryPlanSelectionNode } from '@apollo/query-planner';
import {
  contains,
  difference,
  fetchedTree,
  mergeTrees,
  parseSelections,
  planOfTree,
  printTree,
  size,
  stepsOf,
  treeOf,
  treeOfPlan,
  type Tree,
} from './plan-trees.js';

/**
 * Entity fetches re-entered through a key the subgraph can resolve.
 *
 * @apollo/query-planner (2.14) may send a subgraph an entity's representation by a key that
 * subgraph declares `resolvable: false` (an entity with several keys, reached again for a
 * `@requires`): the subgraph cannot look it up, answers `null`, and a non-null field nulls the
 * whole parent. Here such a fetch gets one of the subgraph's resolvable keys added to what it
 * requires; the key's fields the answer does not hold yet at that path are fetched first, from a
 * subgraph that can resolve the entity by what the answer does hold and owns those fields.
 */

/** Per subgraph, per type: the keys it can resolve, and whether it declares any it cannot. */
interface EntityKeys {
  resolvable: Tree[];
  unresolvable: boolean;
}

export interface KeyCatalog {
  keys: ReadonlyMap<string, ReadonlyMap<string, EntityKeys>>;
  /** Whether a subgraph can supply every field of `selection` on `type` (declared there, the top ones not `@external`). */
  owns: (subgraph: string, type: string, selection: Tree) => boolean;
}

/** What the supergraph's subgraphs declare, or null when every key of every entity is resolvable (the plans are then kept). */
export function keyCatalog(supergraph: Supergraph): KeyCatalog | null {
  const keys = new Map<string, Map<string, EntityKeys>>();
  let anyUnresolvable = false;
  const subgraphs = supergraph.subgraphs();
  for (const subgraph of subgraphs) {
    const byType = new Map<string, EntityKeys>();
    const keyDirective = subgraph.metadata().keyDirective();
    for (const type of subgraph.schema.types()) {
      const applied = 'appliedDirectivesOf' in type ? type.appliedDirectivesOf(keyDirective) : [];
      if (applied.length === 0) continue;
      const entry: EntityKeys = { resolvable: [], unresolvable: false };
      for (const key of applied) {
        const { fields, resolvable } = key.arguments() as { fields: string; resolvable?: boolean };
        if (resolvable === false) entry.unresolvable = anyUnresolvable = true;
        else entry.resolvable.push(treeOf(parseSelections(fields)));
      }
      byType.set(type.name, entry);
    }
    keys.set(subgraph.name, byType);
  }
  if (!anyUnresolvable) return null;

  const owns = (name: string, typeName: string, selection: Tree): boolean => {
    const subgraph = subgraphs.get(name);
    if (!subgraph) return false;
    const walk = (typeName: string, tree: Tree, top: boolean): boolean => {
      const type = subgraph.schema.type(typeName);
      if (!type || !('field' in type)) return false;
      for (const [fieldName, below] of tree) {
        if (fieldName === '__typename') continue;
        const field = type.field(fieldName);
        if (!field || (top && subgraph.metadata().isFieldExternal(field))) return false;
        if (below && !walk(baseType(field.type!).name, below, false)) return false;
      }
      return true;
    };
    return walk(typeName, selection, true);
  };
  return { keys, owns };
}

/** One fetch already in the plan, where it lands and what it brings there. */
interface Landed {
  path: readonly string[];
  fetch: FetchNode;
}

/** The plan with every entity fetch sent through a key its subgraph can resolve; the plan itself when none needed it. */
export function reenterThroughResolvableKeys(plan: QueryPlan, catalog: KeyCatalog | null): QueryPlan {
  if (!catalog || !plan.node || plan.node.kind === 'Subscription') return plan;
  let counter = 0;
  const visit = (node: PlanNode, path: readonly string[], before: readonly Landed[]): { node: PlanNode; landed: Landed[] } => {
    switch (node.kind) {
      case 'Sequence': {
        const landed: Landed[] = [];
        const nodes = node.nodes.map((child) => {
          const done = visit(child, path, [...before, ...landed]);
          landed.push(...done.landed);
          return done.node;
        });
        return { node: { ...node, nodes }, landed };
      }
      case 'Parallel': {
        const done = node.nodes.map((child) => visit(child, path, before));
        return { node: { ...node, nodes: done.map((d) => d.node) }, landed: done.flatMap((d) => d.landed) };
      }
      case 'Flatten': {
        const done = visit(node.node, [...path, ...stepsOf(node.path)], before);
        return { node: { ...node, node: done.node }, landed: done.landed };
      }
      case 'Fetch': {
        const landed = [{ path, fetch: node }];
        const rewritten = node.requires ? reenter(node, path, before) : null;
        return { node: rewritten ?? node, landed };
      }
      case 'Condition': {
        // A branch may not run: what it fetches is not counted on after it.
        const ifClause = node.ifClause && visit(node.ifClause, path, before).node;
        const elseClause = node.elseClause && visit(node.elseClause, path, before).node;
        return { node: { ...node, ifClause, elseClause }, landed: [] };
      }
      case 'Defer': {
        const primary = node.primary.node ? visit(node.primary.node, path, before) : null;
        const after = [...before, ...(primary?.landed ?? [])];
        const deferred = node.deferred.map((part) => (part.node ? { ...part, node: visit(part.node, [], after).node } : part));
        return { node: { ...node, primary: { ...node.primary, node: primary?.node }, deferred }, landed: primary?.landed ?? [] };
      }
      default:
        return { node, landed: [] };
    }
  };

  const reenter = (fetch: FetchNode, path: readonly string[], before: readonly Landed[]): PlanNode | null => {
    const keys = catalog.keys.get(fetch.serviceName);
    const first: FetchNode[] = [];
    let changed = false;
    const requires = fetch.requires!.map((selection): QueryPlanSelectionNode => {
      if (selection.kind !== 'InlineFragment' || !selection.typeCondition) return selection;
      const type = selection.typeCondition;
      const entity = keys?.get(type);
      if (!entity?.unresolvable || entity.resolvable.length === 0) return selection;
      const sent = treeOfPlan(selection.selections);
      if (entity.resolvable.some((key) => contains(sent, key))) return selection;
      const held = mergeTrees(sent, availableAt(before, path));
      // The resolvable key the answer holds most of; what it lacks is fetched first.
      const ranked = entity.resolvable.map((key) => ({ key, missing: difference(key, held) })).sort((a, b) => size(a.missing) - size(b.missing));
      for (const { key, missing } of ranked) {
        if (missing.size > 0) {
          const provider = providerOf(type, missing, held, fetch.serviceName);
          if (!provider) continue;
          first.push(keyFetch(provider.subgraph, type, provider.key, missing, ++counter));
        }
        changed = true;
        return { ...selection, selections: planOfTree(mergeTrees(sent, key)) };
      }
      return selection;
    });
    if (!changed) return null;
    const rewritten: FetchNode = { ...fetch, requires };
    return first.length ? { kind: 'Sequence', nodes: [...(first.length > 1 ? [{ kind: 'Parallel' as const, nodes: first }] : first), rewritten] } : rewritten;
  };

  /** A subgraph, other than the one asked, that resolves the entity by what the answer holds and owns the missing fields. */
  const providerOf = (type: string, missing: Tree, held: Tree, except: string): { subgraph: string; key: Tree } | null => {
    for (const [subgraph, byType] of catalog.keys) {
      if (subgraph === except) continue;
      const key = byType.get(type)?.resolvable.find((k) => contains(held, k));
      if (key && catalog.owns(subgraph, type, missing)) return { subgraph, key };
    }
    return null;
  };

  const rewritten = visit(plan.node, [], []).node;
  return { ...plan, node: rewritten as QueryPlan['node'] };
}

/** An entity fetch asking `subgraph` for the fields of `type` in `fields`, by `key`. */
function keyFetch(subgraph: string, type: string, key: Tree, fields: Tree, n: number): FetchNode {
  const operationName = `KeyReentry__${subgraph.replace(/\W/g, '_')}__${n}`;
  return {
    kind: 'Fetch',
    serviceName: subgraph,
    variableUsages: [],
    requires: [{ kind: 'InlineFragment', typeCondition: type, selections: planOfTree(mergeTrees(new Map([['__typename', null]]), key)) }],
    operation: `query ${operationName}($representations:[_Any!]!){_entities(representations:$representations){...on ${type}{${printTree(fields)}}}}`,
    operationName,
    operationKind: 'query' as FetchNode['operationKind'],
  };
}

/** What the fetches before this one put at `path` (response names, lists stepped through). */
function availableAt(before: readonly Landed[], path: readonly string[]): Tree {
  let held: Tree = new Map();
  for (const { path: at, fetch } of before) {
    if (at.length > path.length || at.some((step, i) => step !== path[i])) continue;
    let tree = fetchedTree(fetch);
    for (const step of path.slice(at.length)) {
      const below = tree.get(step);
      tree = below ?? new Map();
    }
    held = mergeTrees(held, tree);
  }
  return held;
}
