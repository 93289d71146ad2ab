// Signs and sends a hook body as the outside systems do, with the graph's own secrets (the same
// DATA_DIR or *_SECRET variables as the graph; nothing is generated here):
//   npm run hook -- counter-identified --counter zhenjiang-h01-c1 --msisdn 13412345679 [--source QUEUE|CRM]
//   npm run hook -- warning-orders orders.json        ({"orders": [...]} or a list of orders)
//   npm run hook -- handled-warning-orders [--since 2026-12-01T00:00:00+08:00] [--city zhenjiang]
// It sends to GATEWAY_URL (default http://127.0.0.1:$PORT), prints the answer, exits 1 on a 4xx/5xx.
import { readFileSync } from 'node:fs';
import { option as cliOption, usage as cliUsage } from './cli.js';
import { signedHeaders } from '../lib/hmac.js';
import { graphConfigOrExit } from './graph-config.js';

const [hook, ...rest] = process.argv.slice(2);
const option = (name: string) => cliOption(rest, name);
const usage = () => cliUsage(import.meta.url);

const config = graphConfigOrExit();
const base = config.gatewayUrl.replace(/\/graphql$/, '');

let request: { method: 'GET' | 'POST'; path: string; body?: string; secret: string };
if (hook === 'counter-identified') {
  const counter = option('counter');
  const msisdn = option('msisdn');
  if (!counter || !msisdn) usage();
  request = {
    method: 'POST',
    path: '/hooks/counter-identified',
    body: JSON.stringify({ counter, msisdn, source: option('source') ?? 'QUEUE' }),
    secret: config.counterHookSecret,
  };
} else if (hook === 'warning-orders') {
  const file = rest.find((a) => !a.startsWith('--'));
  if (!file) usage();
  const parsed = JSON.parse(readFileSync(file!, 'utf8')) as unknown;
  request = {
    method: 'POST',
    path: '/hooks/warning-orders',
    body: JSON.stringify(Array.isArray(parsed) ? { orders: parsed } : parsed),
    secret: config.gridSecret,
  };
} else if (hook === 'handled-warning-orders') {
  const query = new URLSearchParams({ since: option('since') ?? new Date(Date.now() - 24 * 3600_000).toISOString() });
  const city = option('city');
  if (city) query.set('city', city);
  request = { method: 'GET', path: `/hooks/handled-warning-orders?${query}`, secret: config.gridSecret };
} else {
  usage();
  process.exit(2);
}

// The signature covers the exact body, or for a GET the path with its query string.
const headers = { 'content-type': 'application/json', ...signedHeaders(request.secret, request.body ?? request.path) };
console.error(`${request.method} ${base}${request.path} (signed with the secrets from ${config.secretsSource})`);
let res: Response;
try {
  res = await fetch(`${base}${request.path}`, { method: request.method, headers, body: request.body });
} catch (e) {
  console.error(`no graph answers at ${base}: ${(e as Error).message} (start it with npm start, or set PORT / GATEWAY_URL)`);
  process.exit(1);
}
const text = await res.text();
let shown = text;
try {
  shown = JSON.stringify(JSON.parse(text), null, 2);
} catch {
  // Not JSON: shown as it came.
}
console.log(`HTTP ${res.status}\n${shown}`);
process.exit(res.status >= 400 ? 1 : 0);
