/**
 * One data-access port for every subgraph: plain, parameterised SQL over either an embedded
 * PGlite database or a PostgreSQL server. Dates come back as 'YYYY-MM-DD' strings and bigints
 * as numbers on both, so domain code never sees a driver difference.
 */
export interface Db {
  readonly kind: 'pglite' | 'postgres';
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs several statements (migrations). No parameters. */
  exec(sql: string): Promise<void>;
  /** Runs fn in one transaction: all of it commits or none of it does. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Bulk load with COPY … FROM in CSV form. Rows are arrays in column order. */
  copyRows(table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>): Promise<number>;
  close(): Promise<void>;
}

/** PostgreSQL type OIDs we parse ourselves on both drivers. */
export const PG_TYPES = { INT8: 20, DATE: 1082, NUMERIC: 1700 } as const;

export const sharedParsers: Record<number, (value: string) => unknown> = {
  [PG_TYPES.INT8]: (v) => Number(v),
  [PG_TYPES.DATE]: (v) => v,
  [PG_TYPES.NUMERIC]: (v) => Number(v),
};

/** Encodes one value as a CSV field for COPY … (FORMAT csv). NULL is an unquoted empty field. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (Array.isArray(value)) text = pgArrayLiteral(value);
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return `"${text.replaceAll('"', '""')}"`;
}

function pgArrayLiteral(values: readonly unknown[]): string {
  return `{${values.map((v) => `"${String(v).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}

export function* csvChunks(rows: Iterable<readonly unknown[]>, rowsPerChunk = 5000): Generator<{ text: string; count: number }> {
  let lines: string[] = [];
  for (const row of rows) {
    lines.push(row.map(csvField).join(','));
    if (lines.length >= rowsPerChunk) {
      yield { text: `${lines.join('\n')}\n`, count: lines.length };
      lines = [];
    }
  }
  if (lines.length > 0) yield { text: `${lines.join('\n')}\n`, count: lines.length };
}

export function assertIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/.test(name)) throw new Error(`not a safe SQL identifier: ${name}`);
  return name;
}
