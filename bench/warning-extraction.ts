/**
 * How well warning orders are understood, measured through the graph: the labelled corpus
 * (test/corpus/labelled) is ingested through the grid system's signed hook, each order is read back
 * with `warningOrder`, and every field is scored against its label, template and free text apart,
 * and the held-out batches on their own (each was measured before the fixes it led to; the last
 * batch, held-out-091 on, has never been tuned on). Then the cost of parsing: a 1 000-order
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
    return {
      externalId,
      msisdn: c.msisdn,
      type: label.sentType,
      level: 'MEDIUM',
      content: label.text,
      issuedAt: label.issuedAt,
      city: c.cityCode,
      hall: c.hallCode,
    };
  };

  const run = `X${process.pid}`;
  const { ids } = await post(LABELLED.map((l, k) => order(l, `${run}-${l.id}`, k)));
  const token = await graph.token('clerk');
  const byExternal = new Map<string, Reading>();
  const labelOf = new Map(LABELLED.map((l) => [`${run}-${l.id}`, l]));
  let disagreements = 0;
  let flaggedRight = 0;
  let flaggedWrong = 0;
  for (const id of ids) {
    const { body } = await graph.request(WarningOrderReadingDocument, { id }, token);
    const w = body.data?.warningOrder;
    if (!w) throw new Error(`order ${id} not read back: ${JSON.stringify(body.errors)}`);
    byExternal.set(w.externalId, { ...w.parsed, type: w.parsed.type ?? null, level: w.parsed.level ?? null, dueDate: w.parsed.dueDate ?? null });
    const label = labelOf.get(w.externalId)!;
    const disagrees = label.type !== null && label.type !== label.sentType;
    if (disagrees) disagreements++;
    if (w.flags.includes('TYPE_DISAGREES')) {
      if (disagrees) flaggedRight++;
      else flaggedWrong++;
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
    ['  held out, last batch', (l) => l.hand === 'held-out' && Number(l.id.slice(-3)) > 90],
  ];
  console.log(`\n${LABELLED.length} labelled orders ingested through the signed hook and read back through the graph:`);
  for (const [name, hands] of parts) {
    const s = scoreExtraction(pairs(hands));
    line(name, s);
    if (SHOW_MISSES && name === 'free text')
      for (const m of s.misses) console.log(`    ${m.id} ${m.field}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.got)}`);
  }
  console.log(
    `orders whose text says another type than the one sent: ${disagreements}, flagged TYPE_DISAGREES: ${flaggedRight}; flagged where they agree: ${flaggedWrong}`,
  );

  // What reading the text costs ingest. The hook commits a batch without reading it; the text is
  // read in the background right after. Timed: the hook's answer for a 1 000-order batch, the
  // extractor alone on the same texts (what reading inline would add), and when the background
  // reading of the batch was done.
  const db = graph.databases.get('alerts')!;
  const unread = async () => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM alerts.warning_order WHERE parsed IS NULL`))[0].n);
  const texts = Array.from({ length: BATCH }, (_, k) => LABELLED[k % LABELLED.length]);
  const ingest: number[] = [];
  const parse: number[] = [];
  const caughtUp: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    while ((await unread()) > 0) await new Promise((r) => setTimeout(r, 20));
    const orders = texts.map((l, k) => order(l, `${run}-B${b}-${k}`, k));
    const t = performance.now();
    await post(orders);
    ingest.push(performance.now() - t);
    while ((await unread()) > 0) await new Promise((r) => setTimeout(r, 5));
    caughtUp.push(performance.now() - t);
    const p = performance.now();
    for (const l of texts) parseWarningContent(l.text, new Date(l.issuedAt));
    parse.push(performance.now() - p);
  }
  const i = summary(ingest).p50;
  const p = summary(parse).p50;
  const c = summary(caughtUp).p50;
  console.log(
    `\n1 000-order batch, median of ${BATCHES}: the hook answers in ${i.toFixed(0)} ms (validate, commit, tell the halls); ` +
      `the extractor alone takes ${p.toFixed(0)} ms (${((p / BATCH) * 1000).toFixed(0)} µs an order), which read inline would add ${pct(p / i)}; ` +
      `read in the background, it adds nothing to the answer, and every order of the batch was read ${c.toFixed(0)} ms after it was sent`,
  );
} finally {
  await graph.teardown();
}
