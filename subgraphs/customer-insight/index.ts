import { runStandalone } from '../../lib/subgraph/standalone.js';
import { customerInsight } from './server.js';

await runStandalone(customerInsight);
