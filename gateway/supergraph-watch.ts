import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

export interface SupergraphWatchOptions {
  /** The supergraph file: read again when it changes and on SIGHUP. */
  file: string;
  /** The supergraph served now. */
  served: string;
  /** A URL to poll for the supergraph instead of (or beside) the file; null: none. */
  url: string | null;
  pollMs: number;
  /** Serves the new supergraph, or throws saying why it will not. */
  replace(sdl: string): void;
  log: { info(msg: string): void; error(msg: string): void };
}

/**
 * Picks up a new supergraph without a restart: when its file changes (editors and deploy tools
 * replace the file, so the directory is watched), on SIGHUP, and, when a URL is given, by polling
 * it. The same text twice is no change; a bad one is refused, with the reason logged, and the one
 * served stays.
 */
export function watchSupergraph(options: SupergraphWatchOptions): { stop(): void; check(): Promise<void> } {
  let current = options.served;
  let watcher: FSWatcher | null = null;
  let debounce: NodeJS.Timeout | null = null;
  let poll: NodeJS.Timeout | null = null;
  let checking = Promise.resolve();

  const offer = (sdl: string, from: string) => {
    if (sdl === current) return;
    // Remembered as tried, taken or not: the same bad text is not tried again until it changes.
    current = sdl;
    try {
      options.replace(sdl);
      options.log.info(`supergraph replaced from ${from}`);
    } catch (error) {
      options.log.error(`supergraph from ${from} refused, the one served stays: ${(error as Error).message}`);
    }
  };
  const check = () => {
    checking = checking.then(async () => {
      try {
        offer(await readFile(options.file, 'utf8'), options.file);
      } catch (error) {
        options.log.error(`supergraph file ${options.file} not read: ${(error as Error).message}`);
      }
      if (options.url) {
        try {
          const res = await fetch(options.url, { signal: AbortSignal.timeout(10_000) });
          if (res.ok) offer(await res.text(), options.url);
          else options.log.error(`supergraph URL ${options.url} answered ${res.status}`);
        } catch (error) {
          options.log.error(`supergraph URL ${options.url} not read: ${(error as Error).message}`);
        }
      }
    });
    return checking;
  };

  const name = basename(options.file);
  watcher = watch(dirname(options.file), (_event, changed) => {
    if (changed !== null && changed !== name) return;
    if (debounce) clearTimeout(debounce);
    // A file is often written in several steps: read it once they are done.
    debounce = setTimeout(() => void check(), 100);
  });
  const onHup = () => void check();
  process.on('SIGHUP', onHup);
  if (options.url) poll = setInterval(() => void check(), options.pollMs);
  return {
    check,
    stop() {
      watcher?.close();
      if (debounce) clearTimeout(debounce);
      if (poll) clearInterval(poll);
      process.off('SIGHUP', onHup);
    },
  };
}
