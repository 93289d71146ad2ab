import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/config.js';

/** What both suites of bench/gateway.ts share: starting targets, reading their CPU, comparing answers. */

export async function waitFor(target: string, ok: (status: number) => boolean = (s) => s < 500): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if (ok((await fetch(target)).status)) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${target} did not come up`);
}

/** A target (bench/gateway/target.ts, compiled) in its own process, resolved once it listens. */
export function startTarget(kind: string, port: number, supergraphFile: string, upstream: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = fork(join(PROJECT_ROOT, 'dist/bench/gateway/target.js'), [kind, String(port), supergraphFile, upstream], {
    // BENCH_CPU_PROF=<dir>: each target writes a V8 CPU profile there when it exits.
    // BENCH_TARGET_FLAGS: V8 flags for every target. By default ours runs with the flags
    // `npm run serve:gateway` deploys it with, and every other Node target with the same old-space
    // limit: without one, V8 sizes a heap for this machine's 24 GiB and lets it grow far past what
    // a gateway keeps alive.
    cwd: PROJECT_ROOT,
    env,
    execArgv: [
      ...(process.env.BENCH_TARGET_FLAGS ?? (kind.startsWith('ours') ? deployedFlags().join(' ') : '--max-old-space-size=384')).split(' ').filter(Boolean),
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`target ${kind} exited ${code}`)));
  });
}

/** The V8 flags of `npm run serve:gateway`, read from package.json so the bench cannot drift from the deploy. */
export function deployedFlags(): string[] {
  const scripts = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
  return scripts['serve:gateway'].split(' ').filter((word) => /^--[\w-]+=\S+$/.test(word));
}

/** Stops a target and waits until it has let its port go (the next target takes the same one). */
export async function stopTarget(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** utime + stime in seconds, and peak RSS in MB, of a process and its children (a cluster's workers). */
export function usage(pid: number): { cpu: number; peakMb: number } {
  const one = (p: number) => {
    const stat = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))![1];
    return { ppid: Number(stat[1]), cpu: (Number(stat[11]) + Number(stat[12])) / 100, peakMb: Number(hwm) / 1024 };
  };
  const total = one(pid);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === pid) continue;
    try {
      const child = one(Number(entry));
      if (child.ppid !== pid) continue;
      total.cpu += child.cpu;
      total.peakMb += child.peakMb;
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return { cpu: total.cpu, peakMb: total.peakMb };
}

/** Sorts object keys: the same JSON whatever order a gateway writes fields in. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value;
}
