import type { Identity } from '../../lib/auth/identity.js';
import type { Loaders, Store } from './store.js';

export interface Context {
  identity: Identity;
  /** Asia/Shanghai calendar date of this request, fixed once so one answer never straddles midnight. */
  today: string;
  store: Store;
  loaders: Loaders;
}
