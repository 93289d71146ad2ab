/** Who is calling: the verified claims of a staff token. */
export interface Identity {
  staffId: string;
  name: string;
  hall: string | null;
  city: string;
  roles: Role[];
}

export const ROLES = ['clerk', 'hall_manager', 'marketing', 'province_marketing', 'ops', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * What each role may do beyond reading its own city. Least privilege (PIPL): only these roles see
 * full phone and ID numbers; everyone else gets them masked.
 */
const permissions = {
  /** See customers' personal data at all (masked or not): the counter roles, not marketing or ops. */
  'pii:read': ['clerk', 'hall_manager', 'admin'],
  'pii:unmasked': ['hall_manager', 'admin'],
  /** Import the catalogue (the caller's city's packages and promotions), write and publish rule sets, preview drafts. */
  'catalog:manage': ['marketing', 'province_marketing'],
  /** Change packages and promotions sold in more than one city, or in another city: the province's marketing. */
  'catalog:province': ['province_marketing'],
  /** Ingest warning orders by GraphQL and export handled ones. */
  'alerts:ingest': ['ops', 'admin'],
  /** Decide target-user declarations: the city marketing department's reviewers. */
  'declaration:review': ['marketing'],
  /** Read conversion figures. */
  'recommendation:report': ['marketing', 'hall_manager', 'admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof permissions;

export function can(identity: Identity, permission: Permission): boolean {
  const allowed: readonly Role[] = permissions[permission];
  return identity.roles.some((r) => allowed.includes(r));
}

const scopeCache = new WeakMap<readonly Role[], ReadonlySet<string>>();

/**
 * The scopes `@requiresScopes` in the schema is checked against: every permission the roles
 * grant, and `role:<role>` for each role.
 */
export function scopesOf(identity: Identity): ReadonlySet<string> {
  let scopes = scopeCache.get(identity.roles);
  if (!scopes) {
    scopes = new Set([...identity.roles.map((r) => `role:${r}`), ...(Object.keys(permissions) as Permission[]).filter((p) => can(identity, p))]);
    scopeCache.set(identity.roles, scopes);
  }
  return scopes;
}
