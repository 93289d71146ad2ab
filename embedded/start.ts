// npm start: the whole graph in one process on the embedded default (PGlite in DATA_DIR, seeded
// on first start), or on DATABASE_URL when set. Prints ready tokens; GraphiQL opens signed in.
import { readFileSync } from 'node:fs';
import { ROLES } from '../lib/auth/identity.js';
import { staffToken } from '../lib/auth/staff-token.js';
import { systemClock } from '../lib/clock.js';
import { loadConfig } from '../lib/config.js';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import { today } from '../lib/clock.js';
import { PILOT_CITY, PROVINCE_OFFICE_CITY } from '../lib/org-chart.js';
import { openBus } from '../lib/events/index.js';
import { openDatabase } from '../lib/subgraph/runtime.js';
import { subgraphSettings } from '../subgraphs/index.js';
import { startEmbeddedGraph } from './graph.js';
import { exampleQuery } from '../gateway/example-query.js';
import { signedInGraphiql } from '../gateway/graphiql.js';
import { persistedOptions } from '../gateway/protection/persisted.js';
import { startTracing } from '../lib/telemetry.js';
import { portProblem } from '../lib/listen.js';
import { commandStartedAt } from '../lib/process-start.js';

const started = commandStartedAt();
const config = loadConfig();
startTracing('lingxi-graph', config.tracesUrl);
const clerkToken = await staffToken('clerk', PILOT_CITY, config.jwtSecret);
// Customer 0 of the seed lives in the pilot city: a number the clerk can look up straight away.
const example = generateCustomer(0, seedContext(today(systemClock)));

const busy = await portProblem(config.host, config.port);
if (busy) {
  console.error(`lingxi-graph: ${busy}`);
  process.exit(1);
}
const signIn = signedInGraphiql(config);
console.log(`lingxi-graph: starting on ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`} …`);
const bus = await openBus(config);
const graph = await startEmbeddedGraph({
  supergraphSdl: readFileSync(config.supergraphPath, 'utf8'),
  openDb: (name) => openDatabase(config, name),
  clock: systemClock,
  jwtSecret: config.jwtSecret,
  internalSecret: config.internalSecret,
  bus,
  settings: subgraphSettings(config),
  host: config.host,
  port: config.port,
  seed: config.seedOnStart ? { customers: config.seedCustomers } : null,
  graphiql: { token: signIn.allowed ? clerkToken : undefined, defaultQuery: exampleQuery(example.msisdn) },
  limits: config.limits,
  subgraphPolicy: config.subgraphPolicy,
  persisted: persistedOptions(config),
  log: (m) => console.log(`  ${m}`),
});

console.log(`\n灵犀 lingxi-graph ready in ${((Date.now() - started.at) / 1000).toFixed(1)} s (from the start of ${started.what})`);
console.log(`  GraphQL + GraphiQL: ${graph.url}`);
console.log(`  ${signIn.why}`);
for (const s of graph.subgraphs) console.log(`  subgraph ${s.name.padEnd(16)} ${s.url}`);
if (config.production) {
  // A deployment's tokens come from its single sign-on; a log is no place for working credentials.
  console.log('\nNODE_ENV=production: no staff tokens printed (npm run token signs one with JWT_SECRET)');
} else {
  console.log(`\nStaff tokens for ${PILOT_CITY} (valid 12 h; npm run token -- <role> [city] for others):`);
  for (const role of ROLES) {
    const city = role === 'province_marketing' ? PROVINCE_OFFICE_CITY : PILOT_CITY;
    console.log(
      `  ${role.padEnd(18)} ${role === 'clerk' ? clerkToken : await staffToken(role, city, config.jwtSecret)}${city === PILOT_CITY ? '' : ` (${city})`}`,
    );
  }
}
console.log(`\nTry a customer: ${example.name} ${example.msisdn}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('stopping…');
  await graph.close();
  await bus.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
