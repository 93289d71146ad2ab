import type { FastifyInstance } from 'fastify';
import { registerWebAssets, SCREEN_CSP, screenPage } from './web-assets.js';

export interface GraphiqlOptions {
  /** Pre-filled Authorization token (embedded default only). */
  token?: string;
  defaultQuery?: string;
}

/** GraphiQL 5 as built into web/dist, with what to open with written into the page. */
function page(options: GraphiqlOptions, path: string): string {
  return screenPage('graphiql', {
    url: path,
    defaultQuery: options.defaultQuery ?? '',
    defaultHeaders: options.token
      ? JSON.stringify({ Authorization: `Bearer ${options.token}` }, null, 2)
      : JSON.stringify({ Authorization: 'Bearer <npm run token -- clerk zhenjiang>' }, null, 2),
  });
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

/** The screens (and their assets); a page opens signed in only where GraphiQL does (the embedded default). */
export function registerScreens(app: FastifyInstance, options: GraphiqlOptions): void {
  const icon = (_request: unknown, reply: import('fastify').FastifyReply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(FAVICON);
  app.get('/favicon.svg', icon);
  app.get('/favicon.ico', icon);
  registerWebAssets(app);
  const screen = (name: string, config: Record<string, unknown>) => (_request: unknown, reply: import('fastify').FastifyReply) =>
    reply.type('text/html; charset=utf-8').header('content-security-policy', SCREEN_CSP).header('cache-control', 'no-store').send(screenPage(name, config));
  app.get('/workbench', screen('workbench', { url: '/graphql', ...(options.token ? { token: options.token } : {}) }));
  // The console and the hall's screen never open signed in: the embedded token is a clerk's.
  app.get('/console', screen('console', { url: '/graphql' }));
  app.get('/hall', screen('hall', { url: '/graphql' }));
  app.get('/', (_request, reply) => reply.redirect('/workbench'));
}

export function graphiqlPage(options: GraphiqlOptions, path: string) {
  return { html: page(options, path), csp: SCREEN_CSP };
}
