// npm run token -- <role> [city] [--hall code] [--ttl hours]   the first staff member of that role
//                                                               (in that hall, when given)
// npm run token -- --staff <id> [--ttl hours]                   that staff member
// Prints a staff token for local use, signed with the secret of the graph that runs with the same
// DATA_DIR (or JWT_SECRET); it never makes a new one.
import { ROLES } from '../lib/auth/identity.js';
import { tokenFor } from '../lib/auth/staff-token.js';
import { option, positional } from './cli.js';
import { graphConfigOrExit } from './graph-config.js';
import { CITIES, hallOf, PILOT_CITY, PROVINCE_OFFICE_CITY, staffById, staffFor, staffOfHall, type Staff } from '../lib/org-chart.js';

const args = process.argv.slice(2);
const ttlHours = Number(option(args, 'ttl') ?? 12);
const staffId = option(args, 'staff');
const hall = option(args, 'hall');
const usage = () => {
  console.error(
    `usage: npm run token -- <role> [city] [--hall code] [--ttl hours, at most 24]\n       npm run token -- --staff <staff id> [--ttl hours]\n  roles:  ${ROLES.join(', ')}\n  cities: ${CITIES.map((c) => c.code).join(', ')}`,
  );
  process.exit(2);
};
if (!(ttlHours > 0 && ttlHours <= 24)) usage();

let staff: Staff | undefined;
if (staffId) {
  staff = staffById(staffId);
  if (!staff) {
    console.error(`no seeded staff member ${staffId} (ids look like zhenjiang-s002)`);
    process.exit(2);
  }
} else {
  const [role, city = role === 'province_marketing' ? PROVINCE_OFFICE_CITY : (hall && hallOf(hall)?.cityCode) || PILOT_CITY] = positional(args);
  if (!role || !(ROLES as readonly string[]).includes(role) || !CITIES.some((c) => c.code === city)) usage();
  if (hall) {
    if (hallOf(hall)?.cityCode !== city) {
      console.error(`no hall ${hall} in ${city}`);
      process.exit(2);
    }
    // A counter clerk before the manager who also holds the role.
    const ofHall = staffOfHall(hall, role);
    staff = ofHall.find((s) => s.roles[0] === role) ?? ofHall[0];
  } else staff = staffFor(role, city);
  if (!staff) {
    console.error(
      `no seeded staff with role ${role} in ${hall ?? city}${role === 'province_marketing' ? ` (the provincial office is in ${PROVINCE_OFFICE_CITY})` : ''}`,
    );
    process.exit(2);
  }
}
const config = graphConfigOrExit();
// The token on stdout alone (for $(npm run -s token …)); whose it is and where its secret came from on stderr.
console.error(
  `${staff.staffId} (${staff.roles.join(', ')}${staff.hallCode ? `, ${staff.hallCode}` : `, ${staff.cityCode}`}), signed with the secret from ${config.secretsSource}; a graph with another DATA_DIR or JWT_SECRET rejects it`,
);
console.log(await tokenFor(staff, config.jwtSecret, Math.round(ttlHours * 3600)));
