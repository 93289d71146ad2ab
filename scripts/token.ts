// npm run token -- <role> [city] [--ttl hours]: prints a staff token for local use, signed with the
// secret of the graph that runs with the same DATA_DIR (or JWT_SECRET); it never makes a new one.
import { ROLES } from '../lib/auth/identity.js';
import { staffToken } from '../lib/auth/staff-token.js';
import { graphConfigOrExit } from './graph-config.js';
import { CITIES, PILOT_CITY, PROVINCE_OFFICE_CITY, staffFor } from '../lib/org-chart.js';

const args = process.argv.slice(2);
const ttlIndex = args.indexOf('--ttl');
const ttlHours = ttlIndex >= 0 ? Number(args.splice(ttlIndex, 2)[1]) : 12;
const [role, city = role === 'province_marketing' ? PROVINCE_OFFICE_CITY : PILOT_CITY] = args;
if (!role || !(ROLES as readonly string[]).includes(role) || !CITIES.some((c) => c.code === city) || !(ttlHours > 0 && ttlHours <= 24)) {
  console.error(
    `usage: npm run token -- <role> [city] [--ttl hours, at most 24]\n  roles:  ${ROLES.join(', ')}\n  cities: ${CITIES.map((c) => c.code).join(', ')}`,
  );
  process.exit(2);
}
if (!staffFor(role, city)) {
  console.error(`no seeded staff with role ${role} in ${city}${role === 'province_marketing' ? ` (the provincial office is in ${PROVINCE_OFFICE_CITY})` : ''}`);
  process.exit(2);
}
const config = graphConfigOrExit();
// The token on stdout alone (for $(npm run -s token …)); where its secret came from on stderr.
console.error(`signed with the secret from ${config.secretsSource}; a graph with another DATA_DIR or JWT_SECRET rejects it`);
console.log(await staffToken(role, city, config.jwtSecret, Math.round(ttlHours * 3600)));
