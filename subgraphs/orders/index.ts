import { runStandalone } from '../../lib/subgraph/standalone.js';
import { orders } from './server.js';

await runStandalone(orders);
