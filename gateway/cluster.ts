import cluster, { type Worker } from 'node:cluster';

/** How long workers get to finish what they hold when the gateway is stopped. */
const STOP_GRACE_MS = 30_000;

/**
 * Several gateway processes on one port: Node runs on one core, so a machine's other cores serve
 * through more processes. The primary only forks, replaces a worker that dies, and passes on
 * signals: SIGTERM and SIGINT stop every worker gracefully (each drains its requests and closes its
 * subscriptions), SIGHUP makes each read the supergraph again. Subscriptions live on the worker
 * their socket reached and take their events from the shared bus (NATS), as several gateways do.
 */
export async function runPrimary(workers: number, url: string): Promise<void> {
  let stopping = false;
  const fork = () => cluster.fork();
  await Promise.all(Array.from({ length: workers }, () => new Promise<void>((resolve) => fork().once('listening', () => resolve()))));
  console.log(`lingxi gateway at ${url} with ${workers} worker processes`);
  cluster.on('exit', (w: Worker, code, signal) => {
    if (stopping) return;
    console.error(`lingxi gateway: worker ${w.process.pid} ended (${signal ?? code}); starting another`);
    fork();
  });
  const each = (signal: NodeJS.Signals) => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
  };
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    each(signal);
    const left = () => Object.values(cluster.workers ?? {}).filter(Boolean).length;
    const force = setTimeout(() => each('SIGKILL'), STOP_GRACE_MS);
    cluster.on('exit', () => {
      if (left() > 0) return;
      clearTimeout(force);
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => each('SIGHUP'));
}
