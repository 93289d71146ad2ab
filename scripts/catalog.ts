// npm run catalog -- export <file.json>
// npm run catalog -- import --json <file.json> [--note "..."]
// npm run catalog -- import --packages <packages.csv> [--promotions <promotions.csv>] [--note "..."]
// npm run catalog -- rules <city> <rules.yaml> [--effective-from 2026-12-01T00:00:00+08:00] [--draft]
// The marketing department's catalogue and rules from the command line, on DATABASE_URL (or the
// embedded PGlite data directory). The same validation as the GraphQL mutations: a file with any
// bad row imports nothing and every bad row is printed. A running graph picks changes up within a second.
import { readFileSync, writeFileSync } from 'node:fs';
import { option as cliOption, usage as cliUsage } from './cli.js';
import { systemClock } from '../lib/clock.js';
import { cliActor, loadConfig } from '../lib/config.js';
import { openDatabase, prepareDatabase } from '../lib/subgraph/runtime.js';
import { importCatalog, publish, saveDraft } from '../subgraphs/catalog/admin.js';
import { catalogToJson } from '../subgraphs/catalog/domain/import.js';
import { catalog } from '../subgraphs/catalog/server.js';
import { liveRows } from '../subgraphs/catalog/versions-store.js';

const [command, ...rest] = process.argv.slice(2);
const option = (name: string) => cliOption(rest, name);
const usage = () => cliUsage(import.meta.url);
const by = cliActor();

const config = loadConfig(process.env, []);
const db = await openDatabase(config, 'catalog');
let exitCode = 0;
try {
  await prepareDatabase(catalog, db);
  if (command === 'export' && rest[0]) {
    writeFileSync(rest[0], catalogToJson(await liveRows(db)));
    console.log(`wrote ${rest[0]}`);
  } else if (command === 'import') {
    const json = option('json');
    const packages = option('packages');
    if (!json && !packages) usage();
    const promotions = option('promotions');
    const result = await importCatalog(
      db,
      {
        format: json ? 'JSON' : 'CSV',
        json: json ? readFileSync(json, 'utf8') : null,
        packagesCsv: packages ? readFileSync(packages, 'utf8') : null,
        promotionsCsv: promotions ? readFileSync(promotions, 'utf8') : null,
        note: option('note') ?? null,
        // Whoever runs this holds the database itself: the province-wide import the graph keeps for the province's marketing.
      },
      { staffId: by, city: 'province', province: true },
      systemClock.now(),
    );
    if (result.version)
      console.log(
        `imported catalogue version ${result.version.version}: ${result.version.package_count} packages, ${result.version.promotion_count} promotions, ${result.version.tier_count} tiers`,
      );
    else {
      console.error(`nothing imported: ${result.problems.length} problem(s)`);
      for (const p of result.problems) console.error(`  line ${p.line ?? '-'} ${p.record}${p.field ? ` ${p.field}` : ''}: ${p.message}`);
      exitCode = 1;
    }
  } else if (command === 'rules' && rest[0] && rest[1]) {
    const yaml = readFileSync(rest[1], 'utf8');
    const now = systemClock.now();
    const from = option('effective-from');
    const row = rest.includes('--draft')
      ? await saveDraft(db, rest[0], yaml, option('note') ?? '', by, now)
      : await publish(db, rest[0], { yaml, effectiveFrom: from ? new Date(from) : now, note: option('note') ?? '' }, by, now);
    console.log(
      `${row.status === 'DRAFT' ? 'saved draft' : 'published'} rule set ${rest[0]} v${row.version} (${row.document.rules.length} rules)${row.effective_from ? `, in force from ${row.effective_from.toISOString()}` : ''}`,
    );
  } else usage();
} catch (error) {
  const problems = (error as { extensions?: { problems?: { path: string; line: number | null; message: string }[] } }).extensions?.problems;
  console.error((error as Error).message);
  for (const p of problems ?? []) console.error(`  line ${p.line ?? '-'} ${p.path}: ${p.message}`);
  exitCode = 1;
} finally {
  await db.close();
}
process.exit(exitCode);
