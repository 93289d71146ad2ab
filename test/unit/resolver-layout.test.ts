import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/config.js';

/**
 * One subgraph layout: every root type and every resolvable entity of a subgraph's SDL has its own
 * `resolvers/<Type>.ts`, so a field's code is one hop from its type's name. Catalog still keeps
 * per-feature files (cards, outcomes, rules, versions) and joins it when it is split (issue 16).
 */
const LAID_OUT = ['customer-insight', 'alerts', 'orders'];

function typesNeedingFiles(subgraph: string): string[] {
  const document = parse(readFileSync(join(PROJECT_ROOT, 'schema', `${subgraph}.graphql`), 'utf8'));
  const names = new Set<string>();
  for (const d of document.definitions) {
    if (d.kind !== Kind.OBJECT_TYPE_DEFINITION && d.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const type = d as ObjectTypeDefinitionNode | ObjectTypeExtensionNode;
    const root = ['Query', 'Mutation', 'Subscription'].includes(type.name.value);
    const resolvableKey = type.directives?.some(
      (dir) => dir.name.value === 'key' && !dir.arguments?.some((a) => a.name.value === 'resolvable' && a.value.kind === Kind.BOOLEAN && !a.value.value),
    );
    if (root || resolvableKey) names.add(type.name.value);
  }
  return [...names].sort();
}

describe('one subgraph layout', () => {
  it.each(LAID_OUT)('%s has a resolvers/<Type>.ts for each root type and entity', (subgraph) => {
    const types = typesNeedingFiles(subgraph);
    expect(types.length).toBeGreaterThan(1);
    const missing = types.filter((t) => !existsSync(join(PROJECT_ROOT, 'subgraphs', subgraph, 'resolvers', `${t}.ts`)));
    expect(missing).toEqual([]);
  });
});
