// npm run seed -- --customers 1000000
// Rebuilds the seeded data of all four subgraphs at the given scale, on DATABASE_URL (or the
// embedded PGlite data directory when unset), with COPY in batches and a progress bar.
import { loadConfig, type SubgraphName } from '../lib/config.js';
import { systemClock, today } from '../lib/clock.js';
import { openDatabase, prepareDatabase } from '../lib/subgraph/runtime.js';
import { SUBGRAPH_DATA } from '../subgraphs/index.js';
import { assertIdentifier } from '../lib/db/db.js';

const args = process.argv.slice(2);
const at = args.indexOf('--customers');
const customers = at >= 0 ? Number(args[at + 1]) : 10_000;
if (!Number.isInteger(customers) || customers < 1) {
  console.error('usage: npm run seed -- --customers <count>');
  process.exit(2);
}
const config = loadConfig(process.env, []);
const seedDate = today(systemClock);
console.log(`seeding ${customers.toLocaleString('en')} customers (seed date ${seedDate}) into ${config.databaseUrl ? 'DATABASE_URL' : config.dataDir}`);

function bar(name: SubgraphName, done: number, total: number, started: number) {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const seconds = (Date.now() - started) / 1000;
  const rate = Math.round(done / Math.max(seconds, 0.001));
  process.stderr.write(
    `\r  ${name.padEnd(16)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('en')}/${total.toLocaleString('en')} ${rate.toLocaleString('en')}/s `,
  );
}

for (const module of SUBGRAPH_DATA) {
  const db = await openDatabase(config, module.name);
  try {
    await prepareDatabase(module, db);
    const started = Date.now();
    let barShown = false;
    // One transaction per subgraph: a failed reseed leaves the previous data as it was.
    await db.transaction(async (tx) => {
      await module.truncate(tx);
      await module.seed(tx, {
        customers,
        seedDate,
        onProgress: (done, total) => {
          barShown = true;
          bar(module.name, done, total, started);
        },
      });
    });
    // Fresh statistics for the planner: a bulk load leaves none, and a server with autovacuum off
    // (or one that has not got round to it yet) would plan the first queries blind.
    const tables = await db.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = $1`, [module.dbSchema]);
    for (const { name } of tables) await db.exec(`ANALYZE ${assertIdentifier(module.dbSchema)}.${assertIdentifier(name)}`);
    // A seed that does not scale with customers (the catalogue) reports no progress: name it here.
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(`${barShown ? '' : `  ${module.name.padEnd(16)} `}done in ${seconds} s\n`);
  } finally {
    await db.close();
  }
}
