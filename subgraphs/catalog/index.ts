import { runStandalone } from '../../lib/subgraph/standalone.js';
import { catalog } from './server.js';

await runStandalone(catalog);
