import type { FastifyInstance } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { PROJECT_ROOT } from '../lib/config.js';

/** What `npm run build:web` (run by npm install) writes: the screens and GraphiQL, bundled. */
export const WEB_DIST = join(PROJECT_ROOT, 'web', 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** A built page, or why there is none (the build has not run). */
export function builtPage(name: string): string | null {
  const file = join(WEB_DIST, name, 'index.html');
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

/**
 * Serves web/dist under /ui/ from the gateway's own origin. Only files inside the build answer;
 * hashed assets are cached for good, pages are not.
 */
export function registerWebAssets(app: FastifyInstance): void {
  const cache = new Map<string, Buffer | null>();
  app.get<{ Params: { '*': string } }>('/ui/*', async (request, reply) => {
    const wanted = normalize(request.params['*']);
    const file = join(WEB_DIST, wanted);
    if (!file.startsWith(WEB_DIST + sep) || !TYPES[extname(file)]) return reply.code(404).send({ error: 'not found' });
    let body = cache.get(file);
    if (body === undefined) cache.set(file, (body = existsSync(file) ? readFileSync(file) : null));
    if (!body) return reply.code(404).send({ error: 'not found' });
    const immutable = wanted.startsWith(`assets${sep}`);
    return reply
      .type(TYPES[extname(file)])
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(body);
  });
}
