/** Rows grouped by a key, each group in row order. */
export function groupBy<K, T>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/**
 * For DataLoader batch functions: the rows of one query, handed back per key in key order
 * (an empty list where a key has none), as DataLoader requires.
 */
export function rowsPerKey<K, T>(keys: readonly K[], rows: readonly T[], key: (row: T) => K): T[][] {
  const map = groupBy(rows, key);
  return keys.map((k) => map.get(k) ?? []);
}

/** For DataLoader batch functions: the one row of each key, in key order (null where a key has none). */
export function rowPerKey<K, T>(keys: readonly K[], rows: readonly T[], key: (row: T) => K): (T | null)[] {
  const map = new Map(rows.map((r) => [key(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}
