import { readFileSync } from 'node:fs';

/** The value after `--name` in a command's arguments. */
export function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The arguments that are neither `--name` options nor their values. */
export function positional(args: readonly string[]): string[] {
  return args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
}

/** Prints the usage the script's header comment gives (its `// … npm …` lines) and exits 2. */
export function usage(scriptUrl: string): never {
  console.error(
    readFileSync(new URL(scriptUrl), 'utf8')
      .split('\n')
      .filter((l) => /^\/\/\s*npm /.test(l))
      .map((l) => l.replace(/^\/\/\s*/, ''))
      .join('\n'),
  );
  process.exit(2);
}
