// Builds the safelist of registered operations (Apollo's persisted-query-manifest format) from
// .graphql files and the MCP tools' operations, for PERSISTED_OPERATIONS=safelist:
//   npm run -s persisted-manifest -- front-end/src/**/*.graphql > persisted-operations.json
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildManifest } from '../gateway/protection/persisted.js';
import { TOOLS } from '../mcp/tools.js';

const files = (path: string): string[] =>
  statSync(path).isDirectory() ? readdirSync(path).flatMap((f) => files(join(path, f))) : path.endsWith('.graphql') ? [path] : [];
const paths = process.argv.slice(2).flatMap(files);
const manifest = buildManifest([...paths.map((p) => readFileSync(p, 'utf8')), ...TOOLS.map((t) => t.query)]);
process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
console.error(`${manifest.operations.length} operations from ${paths.length} files and ${TOOLS.length} MCP tools`);
