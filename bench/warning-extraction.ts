/**
 * How well warning orders are understood, measured through the graph: the labelled corpus
 * (test/corpus/labelled) is ingested through the grid system's signed hook, each order is read back
 * with `warningOrder`, and every field is scored against its label, template and free text apart,
 * and the held-out batches (never tuned on) on their own. Then the cost of parsing: a 1 000-order
 * batch's ingest time against the time the extractor alone takes for the same texts.
 *   npx tsx bench/warning-extraction.ts [--misses] [--batches 5]
 */
import { signedHeaders } from '../lib/hmac.js';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import { parseWarningContent } from '../subgraphs/alerts/domain/parse-content.js';
import { LABELLED, scoreExtraction, type ExtractionScore, type Labelled, type Reading } from '../test/corpus/labelled/index.js';
import { WarningOrderReadingDocument } from '../test/__generated__/graphql.js';
import { postgres } from '../test/helpers/backends.js';
import { startTestGraph, TEST_HOOKS, TEST_TODAY } from '../test/helpers/graph.js';
import { numberArg } from './lib/args.js';
import { machine, summary } from './lib/stats.js';

const BATCHES = numberArg('batches', 5);
const SHOW_MISSES = process.argv.includes('--misses');
const BATCH = 1000;

console.log(`machine: ${machine()}`);
const graph = await startTestGraph(postgres, { customers: 2000 });
try {
  const ctx = seedContext(TEST_TODAY);
  const people = Array.from({ length: 2000 }, (_, i) => generateCustomer(i, ctx)).filter((c) => c.cityCode === 'zhenjiang');
  const hook = graph.url.replace(/graphql$/, 'hooks/warning-orders');
  const post = async (orders: unknown[]) => {
    const body = JSON.stringify({ orders });
    const res = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json', ...signedHeaders(TEST_HOOKS.gridSecret, body) }, body });
    const out = (await res.json()) as { accepted: number; ids: string[]; rejected: unknown[] };
    if (res.status !== 200 || out.accepted !== orders.length) throw new Error(`not all accepted: ${res.status} ${JSON.stringify(out).slice(0, 300)}`);
    return out;
  };
  const order = (label: Labelled, externalId: string, k: number) => {
    const c = people[k % people.length];
    return { externalId, msisdn: c.msisdn, type: label.sentType, level: 'MEDIUM', content: label.text, issuedAt: label.issuedAt, city: c.cityCode, hall: c.hallCode };
  };

  const run = `X${process.pid}`;
  const { ids } = await post(LABELLED.map((l, k) => order(l, `${run}-${l.id}`, k)));
  const token = await graph.token('clerk');
  const byExternal = new Map<string, Reading>();
  let disagreements = 0;
  let flaggedRight = 0;
  for (const id of ids) {
    const { body } = await graph.request(WarningOrderReadingDocument, { id }, token);
    const w = body.data?.warningOrder;
    if (!w) throw new Error(`order ${id} not read back: ${JSON.stringify(body.errors)}`);
    byExternal.set(w.externalId, { ...w.parsed, type: w.parsed.type ?? null, level: w.parsed.level ?? null, dueDate: w.parsed.dueDate ?? null });
    const label = LABELLED.find((l) => `${run}-${l.id}` === w.externalId)!;
    if (label.type && label.type !== label.sentType) {
      disagreements++;
      if (w.flags.includes('TYPE_DISAGREES')) flaggedRight++;
    }
  }
  const pairs = (hands: (l: Labelled) => boolean) => LABELLED.filter(hands).map((label) => ({ label, reading: byExternal.get(`${run}-${label.id}`)! }));
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const line = (name: string, s: ExtractionScore) =>
    console.log(
      `${name.padEnd(22)} n=${String(s.orders).padStart(3)}  type ${pct(s.type).padStart(6)}  level ${pct(s.level).padStart(6)}  due ${pct(s.dueDate).padStart(6)}  ` +
        `figures P ${pct(s.figurePrecision).padStart(6)} R ${pct(s.figureRecall).padStart(6)}  actions R ${pct(s.actionRecall).padStart(6)}  reasons R ${pct(s.reasonRecall).padStart(6)}  ` +
        `advice in reasons ${pct(s.adviceInReasons)}  PARSED/PARTIAL/UNPARSED ${s.status.PARSED}/${s.status.PARTIAL}/${s.status.UNPARSED}`,
    );
  const parts: [string, (l: Labelled) => boolean][] = [
    ['template', (l) => l.hand === 'template'],
    ['free text', (l) => l.hand !== 'template'],
    ['  grid staff', (l) => l.hand === 'grid-staff'],
    ['  complaint desk', (l) => l.hand === 'complaint-desk'],
    ['  other systems', (l) => l.hand === 'system'],
    ['  hall managers', (l) => l.hand === 'manager'],
    ['  held out', (l) => l.hand === 'held-out'],
  ];
  console.log(`\n${LABELLED.length} labelled orders ingested through the signed hook and read back through the graph:`);
  for (const [name, hands] of parts) {
    const s = scoreExtraction(pairs(hands));
    line(name, s);
    if (SHOW_MISSES && name === 'free text') for (const m of s.misses) console.log(`    ${m.id} ${m.field}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.got)}`);
  }
  console.log(`type disagreements (sent ≠ text): ${disagreements}, flagged TYPE_DISAGREES: ${flaggedRight}`);

  // What parsing adds to ingest: the same 1 000 texts through the hook, and through the extractor alone.
  const texts = Array.from({ length: BATCH }, (_, k) => LABELLED[k % LABELLED.length]);
  const ingest: number[] = [];
  const parse: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const orders = texts.map((l, k) => order(l, `${run}-B${b}-${k}`, k));
    let t = performance.now();
    await post(orders);
    ingest.push(performance.now() - t);
    t = performance.now();
    for (const l of texts) parseWarningContent(l.text, new Date(l.issuedAt));
    parse.push(performance.now() - t);
  }
  const i = summary(ingest).p50;
  const p = summary(parse).p50;
  console.log(
    `\n1 000-order batch, median of ${BATCHES}: ingest ${i.toFixed(0)} ms (validate, parse, commit), extractor alone ${p.toFixed(0)} ms ` +
      `(${((p / BATCH) * 1000).toFixed(0)} µs an order): parsing adds ${pct(p / (i - p))} to the rest of ingest`,
  );
} finally {
  await graph.teardown();
}
