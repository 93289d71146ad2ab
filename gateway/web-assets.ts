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

/** Every page (not its assets) allows no more than this: Monaco runs workers and injects styles. */
export const SCREEN_CSP =
  "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws: wss:";

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>灵犀助手</title>
<p>页面尚未构建：请运行 <code>npm run build:web</code>（npm install 会自动构建）。</p>
<p>The screens are not built: run <code>npm run build:web</code> (npm install runs it).</p></html>`;

/**
 * A built page with what it opens with written into it (where the graph is; on the embedded
 * default only, a staff token), or a page saying the build has not run.
 */
export function screenPage(name: string, config: Record<string, unknown>): string {
  const file = join(WEB_DIST, name, 'index.html');
  if (!existsSync(file)) return NOT_BUILT;
  // JSON inside <script> must not be able to close the tag.
  const json = JSON.stringify(config).replaceAll('<', '\\u003c');
  return readFileSync(file, 'utf8').replace('<!--lingxi-config-->', `<script id="lingxi-config" type="application/json">${json}</script>`);
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
