import { staffFor, type Staff } from '../org-chart.js';
import { isRole, type Role } from './identity.js';
import { signIdentity, STAFF_AUDIENCE } from './tokens.js';

/** A staff token for one seeded staff member, for local use, tests and benchmarks. */
export function tokenFor(staff: Staff, jwtSecret: string, ttlSeconds = 12 * 3600): Promise<string> {
  return signIdentity(
    { staffId: staff.staffId, name: staff.name, hall: staff.hallCode, city: staff.cityCode, roles: staff.roles.filter(isRole) as Role[] },
    jwtSecret,
    STAFF_AUDIENCE,
    ttlSeconds,
  );
}

/** A staff token for the first seeded staff member of that role and city. */
export async function staffToken(role: string, city: string, jwtSecret: string, ttlSeconds = 12 * 3600): Promise<string> {
  if (!isRole(role)) throw new Error(`unknown role "${role}"`);
  const staff = staffFor(role, city);
  if (!staff) throw new Error(`no seeded staff with role "${role}" in city "${city}"`);
  return tokenFor(staff, jwtSecret, ttlSeconds);
}
