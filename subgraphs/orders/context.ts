import type { Identity } from '../../lib/auth/identity.js';
import type { GraphPort } from './graph-client.js';
import type { smsOutbox } from './sms/outbox.js';
import type { HandlingService } from './handling/index.js';
import type { Loaders, Store } from './store.js';

export interface Context {
  identity: Identity;
  store: Store;
  loaders: Loaders;
  service: HandlingService;
  graph: GraphPort;
  /** Public base of remote-confirmation links. */
  confirmationBase: string;
  /** The SMS gateway simulator's outbox, for ops. */
  outbox: ReturnType<typeof smsOutbox>;
}
