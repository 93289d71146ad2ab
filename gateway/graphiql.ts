import type { FastifyInstance } from 'fastify';
import { builtPage, registerWebAssets } from './web-assets.js';

export interface GraphiqlOptions {
  /** Pre-filled Authorization token (embedded default only). */
  token?: string;
  defaultQuery?: string;
}

// Monaco runs its language services in workers and injects its styles.
const CSP =
  "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws: wss:";

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>灵犀助手 GraphiQL</title>
<p>页面尚未构建：请运行 <code>npm run build:web</code>（npm install 会自动构建）。</p>
<p>The screens are not built: run <code>npm run build:web</code> (npm install runs it).</p></html>`;

/** GraphiQL 5 as built into web/dist, with what to open with written into the page. */
function page(options: GraphiqlOptions, path: string): string {
  const built = builtPage('graphiql');
  if (!built) return NOT_BUILT;
  const config = {
    url: path,
    defaultQuery: options.defaultQuery ?? '',
    defaultHeaders: options.token
      ? JSON.stringify({ Authorization: `Bearer ${options.token}` }, null, 2)
      : JSON.stringify({ Authorization: 'Bearer <npm run token -- clerk zhenjiang>' }, null, 2),
  };
  // JSON inside <script> must not be able to close the tag.
  const json = JSON.stringify(config).replaceAll('<', '\\u003c');
  return built.replace('<!--lingxi-config-->', `<script id="lingxi-config" type="application/json">${json}</script>`);
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
  registerWebAssets(app);
}

export function graphiqlPage(options: GraphiqlOptions, path: string) {
  return { html: page(options, path), csp: CSP };
}
