import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
/** Resolved through each package's package.json: their export maps do not list the UMD builds. */
const packageFile = (pkg: string, file: string) => join(dirname(require.resolve(`${pkg}/package.json`)), file);

/** GraphiQL, React and the boot script, all from installed packages: halls run on an intranet, no CDN. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'graphiql.min.css': { file: packageFile('graphiql', 'graphiql.min.css'), type: 'text/css; charset=utf-8' },
  'graphiql.min.js': { file: packageFile('graphiql', 'graphiql.min.js'), type: 'text/javascript; charset=utf-8' },
  'react.production.min.js': { file: packageFile('react', 'umd/react.production.min.js'), type: 'text/javascript; charset=utf-8' },
  'react-dom.production.min.js': { file: packageFile('react-dom', 'umd/react-dom.production.min.js'), type: 'text/javascript; charset=utf-8' },
};

const BOOT = `
const config = JSON.parse(document.getElementById('lingxi-config').textContent);
const fetcher = GraphiQL.createFetcher({ url: config.url });
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery: config.defaultQuery,
    defaultHeaders: config.defaultHeaders,
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: 'headers',
  }),
);
`;

export interface GraphiqlOptions {
  /** Pre-filled Authorization token (embedded default only). */
  token?: string;
  defaultQuery?: string;
}

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws: wss:";

function page(options: GraphiqlOptions, path: string): string {
  const config = {
    url: path,
    defaultQuery: options.defaultQuery ?? '',
    defaultHeaders: options.token
      ? JSON.stringify({ Authorization: `Bearer ${options.token}` }, null, 2)
      : JSON.stringify({ Authorization: 'Bearer <npm run token -- clerk zhenjiang>' }, null, 2),
  };
  // JSON inside <script> must not be able to close the tag.
  const json = JSON.stringify(config).replaceAll('<', '\\u003c');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>灵犀助手 Lingxi graph · GraphiQL</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/graphiql/assets/graphiql.min.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">正在加载 GraphiQL… Loading GraphiQL…</div>
<script id="lingxi-config" type="application/json">${json}</script>
<script src="/graphiql/assets/react.production.min.js"></script>
<script src="/graphiql/assets/react-dom.production.min.js"></script>
<script src="/graphiql/assets/graphiql.min.js"></script>
<script src="/graphiql/assets/boot.js"></script>
</body>
</html>`;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '[::1]']);

/**
 * Whether GraphiQL may open already signed in (a clerk token inside the page, for anyone who can
 * load it): only the embedded development default, outside production, listening on loopback
 * alone. Anything else shows GraphiQL with an empty Authorization header to fill in.
 */
export function signedInGraphiql(settings: { production: boolean; host: string }): { allowed: boolean; why: string } {
  if (settings.production) return { allowed: false, why: 'NODE_ENV=production: GraphiQL opens signed out / 生产模式，GraphiQL 不预置令牌' };
  if (!LOOPBACK.has(settings.host) && !settings.host.startsWith('127.'))
    return { allowed: false, why: `HOST=${settings.host} is not loopback: GraphiQL opens signed out / 非本机地址，GraphiQL 不预置令牌` };
  return { allowed: true, why: 'development default on loopback: GraphiQL opens signed in as a clerk / 本机开发模式，GraphiQL 预置营业员令牌' };
}

export function wantsGraphiql(accept: string | undefined, query: unknown): boolean {
  const hasQuery = typeof query === 'object' && query !== null && 'query' in query;
  return !hasQuery && !!accept && accept.includes('text/html');
}

/** The hall's screens and GraphiQL share one small icon: a browser asks for it on every page. */
const FAVICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0a6cff"/><text x="16" y="23" font-size="18" text-anchor="middle" fill="#fff" font-family="sans-serif">灵</text></svg>';

export function registerGraphiqlAssets(app: FastifyInstance): void {
  const icon = (_request: unknown, reply: import('fastify').FastifyReply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(FAVICON);
  app.get('/favicon.svg', icon);
  app.get('/favicon.ico', icon);
  const cache = new Map<string, Buffer>();
  app.get<{ Params: { name: string } }>('/graphiql/assets/:name', async (request, reply) => {
    const { name } = request.params;
    if (name === 'boot.js') return reply.type('text/javascript; charset=utf-8').send(BOOT);
    const asset = ASSETS[name];
    if (!asset) return reply.code(404).send({ error: 'not found' });
    let body = cache.get(name);
    if (!body) cache.set(name, (body = readFileSync(asset.file)));
    return reply.type(asset.type).header('cache-control', 'public, max-age=86400').send(body);
  });
}

export function graphiqlPage(options: GraphiqlOptions, path: string) {
  return { html: page(options, path), csp: CSP };
}
