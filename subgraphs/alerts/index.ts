import { runStandalone } from '../../lib/subgraph/standalone.js';
import { alerts } from './server.js';

await runStandalone(alerts);
