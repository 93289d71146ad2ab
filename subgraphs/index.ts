import type { SubgraphModule } from '../lib/subgraph/runtime.js';
import { alerts } from './alerts/server.js';
import { catalog } from './catalog/server.js';
import { customerInsight } from './customer-insight/server.js';
import { orders } from './orders/server.js';

/** The four subgraphs, in the order they are started and seeded. */
export const SUBGRAPH_MODULES: readonly SubgraphModule[] = [customerInsight, catalog, alerts, orders];
