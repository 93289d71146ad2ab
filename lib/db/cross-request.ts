import DataLoader from 'dataloader';

/**
 * A loader shared by every request in flight: what they ask within one turn of the event loop
 * goes to the database as one statement, so at the counter's peak a subgraph sends a handful of
 * statements where it sent one per request and field. Nothing is kept between turns; each
 * request's own DataLoader still dedupes and caches for that request.
 *
 * Two requests asking for the same key in one turn are one key in the statement: the batch
 * function sees each distinct key once (by `keyOf`, default the key itself, or its JSON for an
 * object) and every asker gets that key's answer. Without this a join over `unnest` of the keys
 * returned each row once per asker, and a clerk with two subscriptions on one counter saw every
 * holding twice.
 */
export function crossRequestLoader<K, V>(
  batch: (keys: readonly K[]) => Promise<ArrayLike<V | Error>>,
  keyOf: (key: K) => unknown = defaultKey,
): DataLoader<K, V, K> {
  return new DataLoader<K, V, K>(
    async (keys) => {
      const index = new Map<unknown, number>();
      const distinct: K[] = [];
      const slots = keys.map((k) => {
        const id = keyOf(k);
        let slot = index.get(id);
        if (slot === undefined) {
          index.set(id, (slot = distinct.length));
          distinct.push(k);
        }
        return slot;
      });
      if (distinct.length === keys.length) return batch(keys);
      const answers = await batch(distinct);
      return slots.map((slot) => answers[slot]);
    },
    { cache: false, batchScheduleFn: (run) => setImmediate(run), maxBatchSize: 1000 },
  );
}

const defaultKey = (key: unknown): unknown => (typeof key === 'object' && key !== null ? JSON.stringify(key) : key);
