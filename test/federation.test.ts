import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from './helpers/ports.js';
import { staffToken } from '../lib/auth/staff-token.js';
import { PROJECT_ROOT } from '../lib/config.js';
import { graphqlRuntime } from '../gateway/graphql-runtime.js';
import { FEDERATION_SUBGRAPHS, serveSubgraph, type RunningFederationSubgraph } from './federation/subgraphs.js';

const JWT_SECRET = 'federation-suite-jwt-secret-0123456789abcdef';

/**
 * Federation v2 cases with subgraphs of their own, through the gateway started as deployed: the
 * compiled build (`npm run build`, here into a scratch folder of the project) run as
 * `node …/gateway/index.js --supergraph FILE`, subgraph URLs taken from the file.
 */
describe('the gateway as a Federation v2 gateway for any supergraph file', () => {
  let subgraphs: Map<string, RunningFederationSubgraph>;
  let gateway: ChildProcess;
  let url: string;
  let token: string;
  let build: string;
  const compose = (names: string[]) => {
    const composed = composeServices(
      FEDERATION_SUBGRAPHS.filter((s) => names.includes(s.name)).map((s) => ({
        name: s.name,
        url: subgraphs.get(s.name)!.url,
        typeDefs: graphqlRuntime.parse(s.typeDefs) as never,
      })),
    );
    if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
    return composed.supergraphSdl!;
  };

  /** The compiled gateway serving a supergraph file, as deployed. */
  const startGateway = (file: string, dir: string, port: number, mode: 'development' | 'production', extra: Record<string, string> = {}) =>
    spawn(process.execPath, [join(build, 'gateway/index.js'), '--supergraph', file], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dir,
        JWT_SECRET,
        INTERNAL_SECRET: 'federation-suite-internal-secret-0123456789ab',
        GRID_SECRET: 'federation-suite-grid-secret-0123456789abcdef',
        COUNTER_HOOK_SECRET: 'federation-suite-counter-secret-0123456789ab',
        NODE_ENV: mode,
        ...extra,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });

  beforeAll(async () => {
    subgraphs = new Map((await Promise.all(FEDERATION_SUBGRAPHS.map(serveSubgraph))).map((s) => [s.name, s]));
    const dir = mkdtempSync(join(tmpdir(), 'lingxi-federation-'));
    const file = join(dir, 'supergraph.graphql');
    writeFileSync(file, compose(FEDERATION_SUBGRAPHS.map((s) => s.name)));
    const port = await freePort();
    // Inside the project, so the build finds package.json (and schema/) above it as dist/ does.
    build = join(PROJECT_ROOT, '.vitest-build');
    await promisify(execFile)(process.execPath, [join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', build], {
      cwd: PROJECT_ROOT,
    });
    gateway = startGateway(file, dir, port, 'development');
    url = `http://127.0.0.1:${port}/graphql`;
    await vi.waitFor(async () => expect((await fetch(url.replace('/graphql', '/health'))).ok).toBe(true), { timeout: 20_000, interval: 50 });
    token = await staffToken('clerk', 'zhenjiang', JWT_SECRET);
  }, 180_000);
  afterAll(async () => {
    gateway?.kill('SIGTERM');
    for (const s of subgraphs?.values() ?? []) s.server.close();
  });

  async function query(q: string): Promise<{ data?: unknown; errors?: unknown[] }> {
    for (const s of subgraphs.values()) s.received.length = 0;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: q }),
    });
    return (await res.json()) as { data?: unknown; errors?: unknown[] };
  }

  /** A request whose answer may come in parts (multipart/mixed, as Apollo Client and urql ask), read part by part as it arrives. */
  async function incremental(q: string, variables: Record<string, unknown> = {}, accept = 'multipart/mixed;deferSpec=20220824, application/json') {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: q, variables }),
    });
    return { contentType: res.headers.get('content-type') ?? '', parts: multipartParts(res) };
  }

  it('runs several gateway processes on one port, and stops them all on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lingxi-cluster-'));
    const file = join(dir, 'supergraph.graphql');
    writeFileSync(file, compose(FEDERATION_SUBGRAPHS.map((s) => s.name)));
    const port = await freePort();
    const primary = startGateway(file, dir, port, 'production', { GATEWAY_WORKERS: '2' });
    const exited = new Promise<number | null>((resolve) => primary.once('exit', (code) => resolve(code)));
    try {
      const base = `http://127.0.0.1:${port}`;
      const pids = new Set<number>();
      await vi.waitFor(
        async () => {
          const res = await fetch(`${base}/health`, { headers: { connection: 'close' } });
          pids.add(((await res.json()) as { pid: number }).pid);
          expect(pids.size).toBe(2);
        },
        { timeout: 30_000, interval: 20 },
      );
      expect(pids.has(primary.pid!)).toBe(false);
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ product(id: "p1") { name price } }' }),
      });
      expect(await res.json()).toEqual({ data: { product: { name: '5G 手机', price: 3799 } } });
    } finally {
      primary.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });

  it('serves a new supergraph file without a restart, refuses a bad one and keeps serving', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lingxi-reload-'));
    const file = join(dir, 'supergraph.graphql');
    // Written as deploy tools do: a new file renamed over the old one.
    const install = (text: string) => {
      writeFileSync(`${file}.new`, text);
      renameSync(`${file}.new`, file);
    };
    const withoutPricing = compose(FEDERATION_SUBGRAPHS.map((s) => s.name).filter((n) => n !== 'pricing'));
    const all = compose(FEDERATION_SUBGRAPHS.map((s) => s.name));
    install(withoutPricing);
    const port = await freePort();
    const other = startGateway(file, dir, port, 'production');
    try {
      const base = `http://127.0.0.1:${port}`;
      const health = async () => (await (await fetch(`${base}/health`)).json()) as { supergraph: { version: string; refused: { reason: string } | null } };
      await vi.waitFor(async () => expect((await fetch(`${base}/health`)).ok).toBe(true), { timeout: 20_000, interval: 50 });
      const price = async () => {
        const res = await fetch(`${base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ product(id: "p1") { price } }' }),
        });
        return ((await res.json()) as { data: { product: { price: number } } }).data.product.price;
      };
      // Without the pricing subgraph the price is the catalogue's; with it, pricing's override.
      expect(await price()).toBe(3999);
      const first = (await health()).supergraph.version;
      install(all);
      await vi.waitFor(async () => expect(await price()).toBe(3799), { timeout: 10_000, interval: 50 });
      expect((await health()).supergraph.version).not.toBe(first);

      install('this is not a supergraph');
      await vi.waitFor(async () => expect((await health()).supergraph.refused?.reason).toBeTruthy(), { timeout: 10_000, interval: 50 });
      expect(await price()).toBe(3799);

      // Back to the first file; SIGHUP asks for it as a deploy without file events would (the
      // write itself may be seen first: either way the file is read again).
      writeFileSync(file, withoutPricing);
      other.kill('SIGHUP');
      await vi.waitFor(async () => expect(await price()).toBe(3999), { timeout: 10_000, interval: 50 });
      expect((await health()).supergraph).toMatchObject({ version: first, refused: null });
    } finally {
      other.kill('SIGTERM');
    }
  });

  it('joins an entity with several keys: found by one key, completed through the other', async () => {
    const r = await query('{ reviews { body product { sku name inStock price } } }');
    expect(r).toEqual({ data: { reviews: [{ body: '好用', product: { sku: 'SKU-1', name: '5G 手机', inStock: true, price: 3799 } }] } });
  });

  it('asks a subgraph once for an entity reached along many paths, and answers every path', async () => {
    const r = await query('{ featured { body product { sku name inStock shippingEstimate(zone: "CITY") } } }');
    const product = { sku: 'SKU-1', name: '5G 手机', inStock: true, shippingEstimate: 9.8 };
    expect(r).toEqual({ data: { featured: [0, 1, 2].map(() => ({ body: '好用', product })) } });
    const representations = (name: string) =>
      subgraphs
        .get(name)!
        .received.map((op) => /"representations":(\[.*?\])\}$/.exec(op)?.[1])
        .filter((x): x is string => x !== undefined)
        .map((x) => JSON.parse(x).length);
    // products completes the sku to an id, inventory answers by id: one representation each.
    expect(representations('products')).toEqual([1]);
    expect(representations('inventory')).toEqual([1]);
  });

  it('resolves @requires fields, for a field that takes arguments', async () => {
    const r = await query('{ product(id: "p2") { near: shippingEstimate(zone: "CITY") far: shippingEstimate(zone: "REMOTE") } }');
    expect(r).toEqual({ data: { product: { near: 12.2, far: 24.2 } } });
    expect(subgraphs.get('inventory')!.received.join()).toMatch(/weightGrams/);
  });

  it('gives each @requires of one entity its own argument value when two need the same field with different arguments', async () => {
    // @apollo/query-planner alone fetches amount(currency: "EUR") once and computes both levies from it.
    const fares = [
      { id: 'f1', usdLevy: 10, eurLevy: 9 },
      { id: 'f2', usdLevy: 20, eurLevy: 18 },
    ];
    expect(await query('{ fares { id usdLevy eurLevy } }')).toEqual({ data: { fares } });
    expect(await query('{ fares { eurLevy id usdLevy } }')).toEqual({ data: { fares: fares.map(({ id, usdLevy, eurLevy }) => ({ eurLevy, id, usdLevy })) } });
    // Both amounts were asked of the products subgraph.
    const asked = subgraphs.get('products')!.received.join('\n');
    expect(asked).toMatch(/amount\(currency:\s*"USD"\)/);
    expect(asked).toMatch(/amount\(currency:\s*"EUR"\)/);
  });

  it('re-enters a subgraph for a @requires through a key it can resolve, not one it declares resolvable: false', async () => {
    // @apollo/query-planner alone sends branches `{ name code { one two } }`, a key branches cannot
    // resolve: it answers null, and the non-null label nulls the whole branch.
    expect(await query('{ branch { id accounts { id name label } } }')).toEqual({
      data: { branch: { id: 'b1', accounts: [{ id: 'a1', name: '镇江分公司结算户', label: '本厅 镇江分公司结算户' }] } },
    });
    const sent = subgraphs.get('branches')!.received.find((r) => r.includes('_entities'));
    expect(JSON.parse(sent!.slice(sent!.lastIndexOf(' {') + 1)).representations).toEqual([
      { __typename: 'Account', name: '镇江分公司结算户', code: { one: 'JS', two: 'ZJ', three: '0511' }, id: 'a1' },
    ]);
  });

  it('refuses a field no subgraph can supply, naming it, instead of answering null', async () => {
    // `note` comes only from a subgraph that declares Node a non-resolvable @interfaceObject, so
    // nothing can fetch it for the node `anyNode` returns: @apollo/query-planner plans nothing.
    for (const q of ['{ anyNode { note } }', '{ anyNode { id note } }', '{ n: annotatedNode { id } anyNode { note } }']) {
      const r = await query(q);
      expect(r.data ?? null).toBeNull();
      expect(r.errors).toMatchObject([{ extensions: { code: 'QUERY_PLANNING_FAILED', field: 'anyNode.note' } }]);
    }
    expect(await query('{ annotatedNode { id note } }')).toEqual({ data: { annotatedNode: { id: 'n1', note: '已核验' } } });
  });

  it('keeps a @requires field apart from the client selecting the same field with other arguments', async () => {
    // @apollo/query-planner alone merges the two, and whichever comes first wins (see required-field-conflicts.ts).
    const all = { tags: ['5G', '5G-SA'], tagCount: 3 };
    expect(await query('{ product(id: "p1") { tags(prefix: "5G") tagCount } }')).toEqual({ data: { product: all } });
    expect(await query('{ product(id: "p1") { tagCount tags(prefix: "5G") } }')).toEqual({ data: { product: { tagCount: 3, tags: ['5G', '5G-SA'] } } });
    expect(await query('query { product(id: "p1") { ...T } } fragment T on Product { tagCount tags(prefix: "5G") }')).toEqual({
      data: { product: { tagCount: 3, tags: ['5G', '5G-SA'] } },
    });
  });

  it('takes @provides fields from the providing subgraph without asking the owner', async () => {
    expect(await query('{ reviews { author { name } } }')).toEqual({ data: { reviews: [{ author: { name: '王芳' } }] } });
    expect(subgraphs.get('users')!.received).toEqual([]);
    expect(await query('{ reviews { author { name email } } }')).toEqual({ data: { reviews: [{ author: { name: '王芳', email: 'wf@example.cn' } }] } });
    expect(subgraphs.get('users')!.received.length).toBe(1);
  });

  it('serves entity interfaces, with fields added by an @interfaceObject subgraph', async () => {
    const r = await query('{ media { id title rating ... on Book { pages } ... on Movie { minutes } } }');
    expect(r).toEqual({
      data: {
        media: [
          { id: 'm1', title: '三体', rating: 9.1, pages: 302 },
          { id: 'm2', title: '流浪地球', rating: 8.2, minutes: 125 },
        ],
      },
    });
  });

  it('serves unions', async () => {
    expect(await query('{ search(text: "流浪") { __typename ... on Movie { title minutes } ... on Book { pages } } }')).toEqual({
      data: { search: [{ __typename: 'Movie', title: '流浪地球', minutes: 125 }] },
    });
  });

  it('asks the overriding subgraph for an @override field, not the one it was taken from', async () => {
    expect(await query('{ product(id: "p1") { name price } }')).toEqual({ data: { product: { name: '5G 手机', price: 3799 } } });
    expect(subgraphs.get('products')!.received.join()).not.toMatch(/price/);
    expect(subgraphs.get('pricing')!.received.join()).toMatch(/price/);
  });

  it('serves @shareable fields from one of the subgraphs that define them', async () => {
    expect(await query('{ products { id origin } }')).toEqual({
      data: {
        products: [
          { id: 'p1', origin: '深圳' },
          { id: 'p2', origin: '深圳' },
        ],
      },
    });
  });

  describe('@defer over multipart/mixed', () => {
    /** Apollo Client's merge: each incremental entry's data written into the answer at its path. */
    const merge = (data: Record<string, unknown>, parts: Part[]) => {
      const out = structuredClone(data);
      for (const part of parts)
        for (const entry of part.incremental ?? []) {
          let at: Record<string | number, unknown> = out;
          for (const step of entry.path) at = at[step] as Record<string | number, unknown>;
          Object.assign(at, entry.data);
        }
      return out;
    };

    it('sends the first part while a deferred fetch is still out, then the deferred fields at each place, labelled', async () => {
      const inventory = subgraphs.get('inventory')!;
      inventory.received.length = 0;
      let release!: () => void;
      inventory.held = new Promise<void>((resolve) => (release = resolve));
      try {
        const { contentType, parts } = await incremental('{ products { id name ... @defer(label: "stock") { inStock } } }');
        expect(contentType).toMatch(/^multipart\/mixed; boundary="-"; deferSpec=20220824/);
        // The first part arrives while inventory is held: nothing it answers is waited for.
        const first = await parts.next();
        expect(first.value).toEqual({
          data: {
            products: [
              { id: 'p1', name: '5G 手机' },
              { id: 'p2', name: '路由器' },
            ],
          },
          hasNext: true,
        });
        // …and inventory's answer is what the rest waits for.
        await vi.waitFor(() => expect(inventory.received.length).toBe(1), { interval: 5 });
        release();
        const rest = await drain(parts);
        expect(rest).toEqual([
          {
            hasNext: false,
            incremental: [
              { data: { inStock: true }, path: ['products', 0], label: 'stock' },
              { data: { inStock: false }, path: ['products', 1], label: 'stock' },
            ],
          },
        ]);
        expect(merge(first.value!.data!, rest)).toEqual((await query('{ products { id name inStock } }')).data);
      } finally {
        inventory.held = null;
        release?.();
      }
    });

    it('sends a defer nested in another after it, fragment spreads included, and the merged parts equal the whole answer', async () => {
      const q = `{ reviews { body ... @defer(label: "outer") { product { name ...Stock @defer } } } }
        fragment Stock on Product { inStock shippingEstimate(zone: "CITY") }`;
      const { parts } = await incremental(q);
      const all = await drain(parts);
      expect(all[0]).toEqual({ data: { reviews: [{ body: '好用' }] }, hasNext: true });
      const entries = all.slice(1).flatMap((p) => p.incremental ?? []);
      expect(entries).toEqual([
        { data: { product: { name: '5G 手机' } }, path: ['reviews', 0], label: 'outer' },
        // No label asked: none sent.
        { data: { inStock: true, shippingEstimate: 9.8 }, path: ['reviews', 0, 'product'] },
      ]);
      expect(all.at(-1)!.hasNext).toBe(false);
      expect(merge(all[0].data!, all.slice(1))).toEqual((await query('{ reviews { body product { name inStock shippingEstimate(zone: "CITY") } } }')).data);
    });

    it('answers in one JSON when the client does not read multipart, or when every @defer is off', async () => {
      const q = 'query ($d: Boolean!) { products { id ... @defer(if: $d) { inStock } } }';
      const whole = {
        data: {
          products: [
            { id: 'p1', inStock: true },
            { id: 'p2', inStock: false },
          ],
        },
      };
      const json = await incremental(q, { d: true }, 'application/json');
      expect(json.contentType).toMatch(/^application\/json/);
      expect(await drain(json.parts)).toEqual([whole]);
      const off = await incremental(q, { d: false });
      expect(off.contentType).toMatch(/^application\/json/);
      expect(await drain(off.parts)).toEqual([whole]);
      const on = await drain((await incremental(q, { d: true })).parts);
      expect(on.length).toBe(2);
      expect(merge(on[0].data!, on.slice(1))).toEqual(whole.data);
    });

    it('keeps the errors of a deferred fetch, and the nulls they cause, in the deferred part', async () => {
      const all = await drain((await incremental('{ products { id ... @defer(label: "ship") { name shippingEstimate(zone: "NOWHERE") } } }')).parts);
      expect(all[0]).toEqual({ data: { products: [{ id: 'p1' }, { id: 'p2' }] }, hasNext: true });
      const entries = all.slice(1).flatMap((p) => p.incremental ?? []);
      // The non-null estimate is missing: each entry's data is null, the products above it stay.
      expect(entries).toEqual(
        [0, 1].map((i) => ({
          data: null,
          path: ['products', i],
          label: 'ship',
          errors: [expect.objectContaining({ message: expect.stringContaining('no delivery'), path: ['products', i, 'shippingEstimate'] })],
          extensions: expect.anything(),
        })),
      );
    });

    it('refuses two @defer with one label, with a code', async () => {
      const r = await query('{ products { ... @defer(label: "x") { id } ... @defer(label: "x") { name } } }');
      expect(r.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }) })]);
    });
  });
});

interface Part {
  data?: Record<string, unknown>;
  errors?: unknown[];
  hasNext?: boolean;
  incremental?: { data: Record<string, unknown> | null; path: (string | number)[]; label?: string; errors?: unknown[] }[];
}

/** The parts of a multipart/mixed answer as a client reads them (a JSON answer is one part). */
async function* multipartParts(res: Response): AsyncGenerator<Part, void> {
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith('multipart/mixed')) {
    yield (await res.json()) as Part;
    return;
  }
  const boundary = `\r\n--${/boundary="?([^";]+)"?/.exec(type)![1]}`;
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let at: number;
    while ((at = buffer.indexOf(boundary)) >= 0) {
      const body = buffer.slice(0, at);
      buffer = buffer.slice(at + boundary.length);
      const start = body.indexOf('\r\n\r\n');
      if (start >= 0) yield JSON.parse(body.slice(start + 4)) as Part;
    }
  }
}

async function drain(parts: AsyncGenerator<Part, void>): Promise<Part[]> {
  const out: Part[] = [];
  for await (const part of parts) out.push(part);
  return out;
}
