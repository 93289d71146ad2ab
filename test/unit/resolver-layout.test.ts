import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLScalarType, Kind, parse, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/config.js';

/**
 * One subgraph layout: every root type and every resolvable entity of a subgraph's SDL, and every
 * type its resolver map names, has its own `resolvers/<Type>.ts`, so a field's code is one hop from
 * its type's name. Lower-case files in resolvers/ are helpers, not types.
 */
const SUBGRAPHS = ['customer-insight', 'catalog', 'alerts', 'orders', 'events'];

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

const dir = (subgraph: string) => join(PROJECT_ROOT, 'subgraphs', subgraph, 'resolvers');

describe('one subgraph layout', () => {
  it.each(SUBGRAPHS)('%s has a resolvers/<Type>.ts for each root type and entity', (subgraph) => {
    const types = typesNeedingFiles(subgraph);
    expect(types.length).toBeGreaterThan(1);
    expect(types.filter((t) => !existsSync(join(dir(subgraph), `${t}.ts`)))).toEqual([]);
  });

  it.each(SUBGRAPHS)('%s keeps each type of its resolver map in a file of that name, and no type files beside them', async (subgraph) => {
    const { resolvers } = (await import(join(dir(subgraph), 'index.ts'))) as { resolvers: Record<string, unknown> };
    const types = Object.keys(resolvers).filter((k) => !(resolvers[k] instanceof GraphQLScalarType));
    expect(types.filter((t) => !existsSync(join(dir(subgraph), `${t}.ts`)))).toEqual([]);
    const typeFiles = readdirSync(dir(subgraph))
      .filter((f) => /^[A-Z].*\.ts$/.test(f))
      .map((f) => f.slice(0, -3));
    const served = subgraph === 'events' ? [...types, 'Subscription'] : types;
    expect(typeFiles.filter((f) => !served.includes(f))).toEqual([]);
  });
});
