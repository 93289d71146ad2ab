import type { Identity } from '../../lib/auth/identity.js';
import type { Clock } from '../../lib/clock.js';
import type { Learner } from './learning.js';
import type { LiveCatalog, LiveState } from './live.js';
import type { Loaders, Store } from './store.js';

export interface Context {
  identity: Identity;
  today: string;
  store: Store;
  loaders: Loaders;
  clock: Clock;
  /** The catalogue and rules this request reads, fixed when it starts. */
  live: LiveState;
  liveCatalog: LiveCatalog;
  /** Signs card ids. */
  cardSecret: string;
  /** What the outcomes so far taught, per city. */
  learner: Learner;
}
