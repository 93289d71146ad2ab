import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../lib/config.js';
import { composeSupergraph, SUPERGRAPH_FILE } from '../lib/compose.js';

describe('the contract', () => {
  it('composes the four subgraph schemas without errors or unaccepted hints', () => {
    const { errors, unacceptedHints } = composeSupergraph();
    expect(errors).toEqual([]);
    expect(unacceptedHints).toEqual([]);
  });

  it('keeps schema/supergraph.graphql fresh (run `npm run compose`)', () => {
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(composeSupergraph().supergraphSdl);
  });

  it('keeps generated resolver and operation types fresh (run `npm run codegen`)', async () => {
    const { config } = await loadCodegenConfig({ configFilePath: join(PROJECT_ROOT, 'codegen.yml') });
    const outputs = await generate({ ...config, cwd: PROJECT_ROOT, silent: true }, false);
    expect(outputs.length).toBe(12);
    for (const output of outputs) {
      expect(readFileSync(output.filename, 'utf8'), `${output.filename} is stale`).toBe(output.content);
    }
  });
});
