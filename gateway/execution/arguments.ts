import type { ArgumentNode } from 'graphql';
import { graphqlRuntime } from '../graphql-runtime.js';

/** A field's arguments as one text that is the same whatever order they were written in. */
export function printArguments(args: readonly ArgumentNode[] | undefined): string {
  if (!args?.length) return '';
  return [...args]
    .sort((a, b) => a.name.value.localeCompare(b.name.value))
    .map((a) => `${a.name.value}:${graphqlRuntime.print(a.value)}`)
    .join(',');
}
