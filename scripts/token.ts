// npm run token -- <role> [city] [--ttl hours]: prints a staff token for local use.
import { ROLES } from '../lib/auth/identity.js';
import { staffToken } from '../lib/auth/staff-token.js';
import { loadConfig } from '../lib/config.js';
import { CITIES, PILOT_CITY } from '../lib/seed/world.js';

const args = process.argv.slice(2);
const ttlIndex = args.indexOf('--ttl');
const ttlHours = ttlIndex >= 0 ? Number(args.splice(ttlIndex, 2)[1]) : 12;
const [role, city = PILOT_CITY] = args;
if (!role || !(ROLES as readonly string[]).includes(role) || !CITIES.some((c) => c.code === city) || !(ttlHours > 0 && ttlHours <= 24)) {
  console.error(`usage: npm run token -- <role> [city] [--ttl hours, at most 24]\n  roles:  ${ROLES.join(', ')}\n  cities: ${CITIES.map((c) => c.code).join(', ')}`);
  process.exit(2);
}
const config = loadConfig(process.env, []);
console.log(await staffToken(role, city, config.jwtSecret, Math.round(ttlHours * 3600)));
