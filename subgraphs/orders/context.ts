import type { Identity } from '../../lib/auth/identity.js';
import type { Loaders, Store } from './store.js';

export interface Context {
  identity: Identity;
  store: Store;
  loaders: Loaders;
}
