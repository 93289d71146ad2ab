import { writeFileSync } from 'node:fs';
import { composeSupergraph, SUPERGRAPH_FILE } from '../lib/compose.js';

const { supergraphSdl, errors, unacceptedHints } = composeSupergraph();
if (errors.length > 0) {
  console.error(`composition failed:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  process.exit(1);
}
writeFileSync(SUPERGRAPH_FILE, supergraphSdl);
console.log(`wrote ${SUPERGRAPH_FILE}`);
if (unacceptedHints.length > 0) {
  console.warn(`composition hints not yet accepted in schema/accepted-hints.json:\n${unacceptedHints.map((h) => `  - ${h}`).join('\n')}`);
  process.exit(2);
}
