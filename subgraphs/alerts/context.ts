import type { Identity } from '../../lib/auth/identity.js';
import type { Clock } from '../../lib/clock.js';
import type { AlertsService } from './service.js';
import type { Loaders, Store } from './store.js';

export interface Context {
  identity: Identity;
  store: Store;
  loaders: Loaders;
  service: AlertsService;
  clock: Clock;
}
