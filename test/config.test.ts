import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../lib/config.js';

const dataDir = mkdtempSync(join(tmpdir(), 'lingxi-config-'));
const base = { DATA_DIR: dataDir };

describe('configuration', () => {
  it('polls no supergraph URL unless given one', () => {
    expect(loadConfig(base, [])).toMatchObject({ supergraphUrl: null, supergraphPollMs: 10_000 });
    expect(loadConfig({ ...base, SUPERGRAPH_URL: 'https://registry.example/supergraph', SUPERGRAPH_POLL_MS: '5000' }, [])).toMatchObject({
      supergraphUrl: 'https://registry.example/supergraph',
      supergraphPollMs: 5000,
    });
  });

  it('logs errors and slow requests by default, every request or errors only when told', () => {
    expect(loadConfig(base, []).requestLog).toEqual({ mode: 'slow', slowMs: 1000 });
    expect(loadConfig({ ...base, LOG_REQUESTS: 'all', SLOW_REQUEST_MS: '250' }, []).requestLog).toEqual({ mode: 'all', slowMs: 250 });
    expect(() => loadConfig({ ...base, LOG_REQUESTS: 'verbose' }, [])).toThrow(/LOG_REQUESTS/);
  });

  it('defaults to the embedded store on port 4000 with the shipped supergraph', () => {
    const config = loadConfig(base, []);
    expect(config).toMatchObject({ port: 4000, host: '127.0.0.1', databaseUrl: null, dataDir, seedCustomers: 10_000, seedOnStart: true });
    expect(config.supergraphPath).toMatch(/schema\/supergraph\.graphql$/);
    // Dev secrets are made once and kept, so tokens survive a restart.
    expect(loadConfig(base, []).jwtSecret).toBe(config.jwtSecret);
  });

  it('takes a supergraph file from the command line and subgraph URLs from the environment', () => {
    const file = join(dataDir, 'other.graphql');
    writeFileSync(file, 'schema { query: Query }');
    const config = loadConfig({ ...base, SUBGRAPH_CATALOG_URL: 'http://10.1.2.3:4002/graphql', PORT: '8080' }, ['--supergraph', file]);
    expect(config.supergraphPath).toBe(file);
    expect(config.subgraphUrls).toEqual({ catalog: 'http://10.1.2.3:4002/graphql' });
    expect(config.port).toBe(8080);
    expect(loadConfig({ ...base, SUPERGRAPH_PATH: file }, []).supergraphPath).toBe(file);
  });

  it.each([
    [{ PORT: 'eighty' }, [], /PORT: expected an integer/],
    [{ DATABASE_URL: 'not a url' }, [], /DATABASE_URL: expected a URL/],
    [{ SUBGRAPH_ORDERS_URL: 'nope' }, [], /SUBGRAPH_ORDERS_URL/],
    [{}, ['--supergraph', '/no/such/file.graphql'], /--supergraph: no such file/],
    [{ SEED: 'sometimes' }, [], /SEED: expected "auto" or "off"/],
    [{ JWT_SECRET: 'short', INTERNAL_SECRET: 'x'.repeat(40) }, [], /JWT_SECRET: must be at least 32/],
    [{ NODE_ENV: 'production' }, [], /JWT_SECRET: required when NODE_ENV=production/],
  ] as const)('rejects %o %o naming the field', (env, argv, message) => {
    expect(() => loadConfig({ ...base, ...env }, argv)).toThrow(message);
  });
});

describe('one home for configuration', () => {
  it('reads the environment in lib/config.ts only (scripts hand process.env to loadConfig)', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(join(PROJECT_ROOT, dir), { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== '__generated__' && entry.name !== 'node_modules') walk(path);
        } else if (entry.name.endsWith('.ts') && path !== join('lib', 'config.ts')) {
          const text = readFileSync(join(PROJECT_ROOT, path), 'utf8').replaceAll('loadConfig(process.env', '');
          if (text.includes('process.env')) offenders.push(path);
        }
      }
    };
    for (const dir of ['gateway', 'lib', 'subgraphs', 'mcp', 'scripts']) walk(dir);
    expect(offenders).toEqual([]);
  });
});
