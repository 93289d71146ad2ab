import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from './helpers/ports.js';
import { staffToken } from '../lib/auth/staff-token.js';
import { systemClock, today } from '../lib/clock.js';
import { PROJECT_ROOT } from '../lib/config.js';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import {
  CustomerInsightDocument,
  GenerateFormDocument,
  HandlingSessionViewDocument,
  PriceCartDocument,
  RecommendationsDocument,
  SignFormDocument,
  StartHandlingDocument,
  SubmitHandlingDocument,
  type SessionViewFragment,
} from './__generated__/graphql.js';
import { feed, wsClient } from './helpers/ws.js';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const SECRETS = {
  JWT_SECRET: 'production-suite-jwt-secret-0123456789abcdef',
  INTERNAL_SECRET: 'production-suite-internal-secret-0123456789ab',
  GRID_SECRET: 'production-suite-grid-secret-0123456789abcdef',
  COUNTER_HOOK_SECRET: 'production-suite-counter-secret-0123456789ab',
};

interface Started {
  child: ChildProcess;
  base: string;
  exited: Promise<number | null>;
  output: () => string;
}

/** The whole graph as deployed: NODE_ENV=production, secrets from the environment, a small seed. */
async function startGraph(command: string, args: string[], extra: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      ...SECRETS,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'lingxi-production-')),
      SEED_CUSTOMERS: '200',
      EVENT_BUS: 'memory',
      DATABASE_URL: '',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  // Ready is what the process prints once every part listens; waiting on it is not a sleep.
  await new Promise<void>((resolve, reject) => {
    const check = () => (output.includes('ready in') ? resolve() : undefined);
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`exited ${code} before ready:\n${output}`)));
  });
  return { child, base, exited, output: () => output };
}

/**
 * Shutdown and the development conveniences as deployed, not as tested: the compiled build and
 * `npm start`, each with NODE_ENV=production (the suite's own NODE_ENV=test hid that Apollo
 * Server killed the process on SIGTERM).
 */
describe('the graph as deployed (NODE_ENV=production)', () => {
  const build = join(PROJECT_ROOT, '.vitest-build-production');
  let compiled: Started;

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, [join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', build], {
      cwd: PROJECT_ROOT,
    });
    compiled = await startGraph(process.execPath, [join(build, 'embedded/start.js')]);
  }, 180_000);
  afterAll(() => {
    compiled?.child.kill('SIGKILL');
  });

  it('opens GraphiQL signed out and prints no tokens', async () => {
    const res = await fetch(`${compiled.base}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('GraphiQL');
    expect(html).not.toMatch(/Bearer ey/);
    expect(compiled.output()).toContain('GraphiQL opens signed out');
    expect(compiled.output()).not.toMatch(/clerk\s+ey/);
  });

  it('on SIGTERM answers the request in flight, closes subscriptions with 1001 and a reason, and exits 0', async () => {
    const token = await staffToken('clerk', 'zhenjiang', SECRETS.JWT_SECRET);
    let closed: { code: number; reason: string } | null = null;
    const whenClosed = new Promise<void>((resolve) => {
      const client = wsClient(`${compiled.base}/graphql`, token, (code, reason) => {
        closed = { code, reason };
        resolve();
      });
      feed(client, 'subscription { counterEvents(counter: "zhenjiang-h01-c1") { id } }');
    });
    // Subscribed once the server has the socket: a query on the same token proves the graph answers.
    const ok = await fetch(`${compiled.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ halls { code } }' }),
    });
    expect(ok.status).toBe(200);

    // A request in flight: the server has taken it (it says 100 Continue once the request is
    // handed to the router) and waits for its body when the signal comes; the body follows after.
    const body = JSON.stringify({ query: '{ halls { code } }' });
    const socket = connect(Number(new URL(compiled.base).port), '127.0.0.1');
    await new Promise<void>((r) => socket.once('connect', () => r()));
    let answer = '';
    let taken: () => void = () => undefined;
    const continued = new Promise<void>((r) => (taken = r));
    socket.on('data', (d) => {
      answer += d;
      if (answer.includes('100 Continue')) taken();
    });
    const answered = new Promise<void>((r) => socket.once('close', () => r()));
    socket.write(
      `POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nauthorization: Bearer ${token}\r\nexpect: 100-continue\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`,
    );
    await continued;
    answer = '';

    compiled.child.kill('SIGTERM');
    await whenClosed;
    expect(closed).toMatchObject({ code: 1001 });
    expect(closed!.reason).toMatch(/shutting down/);
    socket.write(body);
    await answered;
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toContain('"halls"');
    expect(await compiled.exited).toBe(0);
  });

  it('reconciles orders a kill -9 during the CRM call left SUBMITTED: completed if the CRM has them, failed (and submittable again) if not', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lingxi-crash-'));
    const journal = join(dataDir, 'crm-simulator.jsonl');
    // The CRM takes 10–30 s to answer: the process is killed while both calls wait.
    const first = await startGraph(process.execPath, [join(build, 'embedded/start.js')], {
      DATA_DIR: dataDir,
      CRM_SIM_LATENCY_MS: '20000',
      CRM_SIM_TIMEOUT_MS: '30000',
    });
    const token = await staffToken('clerk', 'zhenjiang', SECRETS.JWT_SECRET);
    const ask = async <R, V>(base: string, doc: TypedDocumentNode<R, V>, variables: V): Promise<R> => {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: print(doc), variables }),
      });
      const body = (await res.json()) as { data?: R; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data!;
    };
    const seeded = Array.from({ length: 200 }, (_, i) => generateCustomer(i, seedContext(today(systemClock)))).filter((c) => c.cityCode === 'zhenjiang');
    const sessions: SessionViewFragment[] = [];
    const numbers = new Map<string, string>();
    for (const c of seeded) {
      if (sessions.length === 2) break;
      const cards = (await ask(first.base, RecommendationsDocument, { msisdn: c.msisdn, scenario: 'COUNTER', limit: 3 })).customer?.recommendations ?? [];
      const card = cards.find((r) => !r.requiresApproval);
      if (!card) continue;
      let s = (await ask(first.base, StartHandlingDocument, { input: { idempotencyKey: `crash-${sessions.length}`, cardId: card.id } })).startHandling;
      const step = () => ({ sessionId: s.id, version: s.version, idempotencyKey: `crash-${s.id}-${s.version}` });
      s = (await ask(first.base, PriceCartDocument, { input: step() })).priceCart;
      s = (await ask(first.base, GenerateFormDocument, { input: step() })).generateForm;
      s = (await ask(first.base, SignFormDocument, { input: { ...step(), formHash: s.form!.hash, format: 'PNG', data: PNG } })).signForm;
      sessions.push(s);
      numbers.set(s.id, c.msisdn);
    }
    expect(sessions).toHaveLength(2);
    const submits = sessions.map((s) =>
      ask(first.base, SubmitHandlingDocument, { input: { sessionId: s.id, version: s.version, idempotencyKey: `crash-submit-${s.id}` } }).catch(() => null),
    );
    // Both orders reached the CRM (its journal has them) and neither answer has come back.
    await vi.waitFor(() => expect(existsSync(journal) ? readFileSync(journal, 'utf8').trim().split('\n').filter(Boolean) : []).toHaveLength(2), {
      timeout: 20_000,
      interval: 10,
    });
    first.child.kill('SIGKILL');
    await first.exited;
    await Promise.all(submits);
    // One of the two never reached the CRM after all: its record is gone from the CRM's journal.
    const [kept, lost] = readFileSync(journal, 'utf8').trim().split('\n');
    writeFileSync(journal, `${kept}\n`);
    const keptNumber = (JSON.parse(kept) as { orderNumber: string }).orderNumber;
    void lost;

    // Restarted with a short CRM timeout: the orders are long past it, and are reconciled at start.
    const second = await startGraph(process.execPath, [join(build, 'embedded/start.js')], {
      DATA_DIR: dataDir,
      CRM_SIM_LATENCY_MS: '5',
      CRM_SIM_TIMEOUT_MS: '1000',
    });
    try {
      const view = (id: string) => ask(second.base, HandlingSessionViewDocument, { id }).then((d) => d.handlingSession!);
      let after: SessionViewFragment[] = [];
      // At start, or at the next round (every 10 s) if the start came too soon after the kill.
      await vi.waitFor(
        async () => {
          after = await Promise.all(sessions.map((s) => view(s.id)));
          expect(after.map((s) => s.status)).not.toContain('SUBMITTED');
        },
        { timeout: 25_000, interval: 50 },
      );
      const completed = after.find((s) => s.order?.orderNumber === keptNumber)!;
      const failed = after.find((s) => s.order?.orderNumber !== keptNumber)!;
      expect(completed).toMatchObject({ status: 'COMPLETED', order: { status: 'COMPLETED', crmOrderId: expect.stringMatching(/^CRM/) } });
      expect(failed).toMatchObject({ status: 'FAILED', order: { status: 'FAILED' } });
      expect(failed.failureReason).toMatch(/CRM_UNAVAILABLE/);
      // The reconciled order changed its customer: the completion, staged with it, reached customer insight.
      await vi.waitFor(
        async () => {
          const c = (await ask(second.base, CustomerInsightDocument, { msisdn: numbers.get(completed.id)! })).customer!;
          expect(c.holdings.filter((h) => h.package?.code === completed.cart.package?.code).map((h) => h.startDate)).toEqual([today(systemClock)]);
        },
        { timeout: 15_000, interval: 100 },
      );
      // Submitted again, the failed one completes, under the same order number.
      const again = (
        await ask(second.base, SubmitHandlingDocument, { input: { sessionId: failed.id, version: failed.version, idempotencyKey: `crash-again-${failed.id}` } })
      ).submitHandling;
      expect(again).toMatchObject({ status: 'COMPLETED', order: { orderNumber: failed.order!.orderNumber, status: 'COMPLETED' } });
    } finally {
      second.child.kill('SIGKILL');
    }
  }, 180_000);

  it('stops when SIGTERM reaches the npm process alone (npm start)', async () => {
    const started = await startGraph('npm', ['start', '--silent']);
    // Start-up is measured from the npm command itself, as a person at the terminal waits for it.
    expect(started.output()).toMatch(/ready in \d+\.\d s \(from the start of npm start\)/);
    started.child.kill('SIGTERM');
    expect(await started.exited).not.toBeUndefined();
    // The graph itself (npm's child) is gone too: nothing answers on its port.
    await expect(fetch(`${started.base}/health`)).rejects.toThrow();
  }, 120_000);
});
