import type { FastifyInstance } from 'fastify';
import type { SubgraphName } from '../config.js';
import { boundPort } from '../listen.js';

/**
 * Where a subgraph is in its life. Building registers routes and nothing else; start() runs its
 * background work (pollers, sweeps, bus consumers) and then takes requests; stop() drains the
 * requests in flight, then ends the background work, waiting for a run under way.
 */
export type SubgraphState = { phase: 'built' } | { phase: 'starting' } | { phase: 'ready'; url: string | null } | { phase: 'draining' } | { phase: 'stopped' };

/** Background work a subgraph runs while it is up. */
export interface Worker {
  name: string;
  start(): Promise<void>;
  /** Returns once the work has ended, including a run that was under way. */
  stop(): Promise<void>;
}

export interface Subgraph {
  readonly name: SubgraphName;
  /** The HTTP server, routes registered; `inject` works once started. */
  readonly app: FastifyInstance;
  readonly state: SubgraphState;
  /** Starts the background work and readies the server without listening (tests inject). */
  start(): Promise<void>;
  /** Starts, then listens; returns the GraphQL URL. */
  listen(host: string, port: number): Promise<string>;
  stop(): Promise<void>;
}

/** Ties a built server to its background work under one lifecycle. */
export function subgraph(name: SubgraphName, app: FastifyInstance, workers: readonly Worker[]): Subgraph {
  let state: SubgraphState = { phase: 'built' };
  const started: Worker[] = [];
  const start = async () => {
    if (state.phase !== 'built') throw new Error(`${name}: start() in phase ${state.phase}`);
    state = { phase: 'starting' };
    try {
      for (const w of workers) {
        await w.start();
        started.push(w);
      }
      await app.ready();
    } catch (error) {
      await stopWorkers();
      state = { phase: 'stopped' };
      throw error;
    }
    state = { phase: 'ready', url: null };
  };
  const stopWorkers = async () => {
    for (const w of started.splice(0).reverse()) await w.stop();
  };
  return {
    name,
    app,
    get state() {
      return state;
    },
    start,
    async listen(host, port) {
      await start();
      await app.listen({ host, port });
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort(app)}/graphql`;
      state = { phase: 'ready', url };
      return url;
    },
    async stop() {
      if (state.phase === 'stopped' || state.phase === 'draining') return;
      state = { phase: 'draining' };
      try {
        await app.close();
      } finally {
        await stopWorkers();
        state = { phase: 'stopped' };
      }
    },
  };
}

/**
 * A task run every `ms`, and at start as `first` says (awaited before the server takes requests,
 * in the background, or not): runs never overlap, a failed periodic run is logged and the next one
 * comes, and stop() waits for a run under way.
 */
export function every(
  name: string,
  ms: number,
  run: () => Promise<void>,
  log: (message: string, error: unknown) => void,
  first: 'await' | 'background' | 'skip',
): Worker {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return running;
    running = run()
      .catch((error) => log(`${name} failed`, error))
      .finally(() => (running = null));
    return running;
  };
  return {
    name,
    async start() {
      // A first run that fails fails the start: the server would take requests it cannot serve.
      if (first === 'await') await run();
      else if (first === 'background') void tick();
      timer = setInterval(() => void tick(), ms);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}

/** A bus consumer open while the subgraph is up. */
export function busConsumer(name: string, open: () => Promise<{ close(): void }>): Worker {
  let consumer: { close(): void } | null = null;
  return {
    name,
    async start() {
      consumer = await open();
    },
    async stop() {
      consumer?.close();
      consumer = null;
    },
  };
}
