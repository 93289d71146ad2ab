/** Money and shares as the screens write them. */
export const yuan = (x: number) => `¥${x.toFixed(2)}`;
/** A whole amount without its zero fen (¥128), any other with them (¥233.90). */
export const yuanShort = (x: number) => `¥${x.toFixed(x % 1 === 0 ? 0 : 2)}`;
export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The graph's own words for a refused operation (its first error), or the transport's. */
export const errorMessage = (error: { graphQLErrors: readonly { message: string }[]; message: string }) => error.graphQLErrors[0]?.message ?? error.message;
