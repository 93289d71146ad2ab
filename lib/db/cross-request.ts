import DataLoader from 'dataloader';

/**
 * A loader shared by every request in flight: what they ask within one turn of the event loop
 * goes to the database as one statement, so at the counter's peak a subgraph sends a handful of
 * statements where it sent one per request and field. Nothing is kept between turns; each
 * request's own DataLoader still dedupes and caches for that request.
 */
export function crossRequestLoader<K, V>(batch: (keys: readonly K[]) => Promise<ArrayLike<V | Error>>): DataLoader<K, V, K> {
  return new DataLoader<K, V, K>(batch, { cache: false, batchScheduleFn: (run) => setImmediate(run), maxBatchSize: 1000 });
}
