/** What the gateway writes into a page: where the graph is, and (embedded default only) a token. */
export interface PageConfig {
  url: string;
  token?: string;
}

export function pageConfig<T extends PageConfig>(): T {
  return JSON.parse(document.getElementById('lingxi-config')?.textContent ?? '{"url":"/graphql"}') as T;
}

/** The staff claims a token carries, read for the screen only (the graph verifies every request). */
export interface StaffClaims {
  sub: string;
  name?: string;
  city?: string;
  hall?: string | null;
  roles?: string[];
}

export function claimsOf(token: string): StaffClaims | null {
  try {
    const payload = token.split('.')[1];
    const json = decodeURIComponent(
      atob(payload.replaceAll('-', '+').replaceAll('_', '/'))
        .split('')
        .map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
        .join(''),
    );
    return JSON.parse(json) as StaffClaims;
  } catch {
    return null;
  }
}
