import type { FastifyInstance, FastifyReply } from 'fastify';
import { GraphQLError } from 'graphql';
import { attemptsLeft } from './domain/confirmation.js';
import type { HandlingService } from './handling/index.js';
import type { SessionRow } from './store.js';

/** Reached without the gateway's identity: the one-time token in the path is the credential. */
const PUBLIC = { config: { public: true } };

/** A page of our own markup only: no scripts at all, the form posts to itself. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The customer's remote-confirmation page (`/confirm/<token>`, reached through the gateway): it
 * shows the paperless form as it was signed and takes the code the customer got by SMS. The
 * customer's phone browser is the client; no staff token is involved. Answers HTML, or JSON to
 * a client that asks for it.
 */
export async function registerConfirmationPages(app: FastifyInstance, service: HandlingService): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    const wantsJson = (accept: string | undefined) => Boolean(accept?.includes('application/json'));
    const page = (reply: FastifyReply, status: number, title: string, body: string) =>
      reply
        .code(status)
        .header('content-security-policy', CSP)
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .type('text/html; charset=utf-8')
        .send(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title>
<style>body{font-family:sans-serif;max-width:720px;margin:auto;padding:12px}input{font-size:20px;letter-spacing:4px;width:9em}button{font-size:18px;padding:6px 18px}.note{color:#555}.err{color:#b00}iframe{width:100%;height:60vh;border:1px solid #ccc}</style></head>
<body>${body}</body></html>`);

    const form = (s: SessionRow, token: string, message = '') => `<h1>确认办理 / Confirm your order</h1>
<p class="note">请核对下方受理单内容。确认无误后，输入短信中的六位确认码。/ Check the form below, then enter the six-digit code from the text message.</p>
${message ? `<p class="err">${esc(message)}</p>` : ''}
<form method="post" action="/confirm/${esc(token)}"><label>确认码 / Code <input name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="12" required autofocus></label> <button type="submit">确认办理 / Confirm</button></form>
<p class="note">剩余 ${attemptsLeft(s.confirmation)} 次机会，有效至 ${esc(s.confirmation?.expiresAt ?? '')}。/ Attempts left and expiry.</p>
<h2>受理单 / The form</h2>${s.form_html ? `<iframe sandbox srcdoc="${esc(s.form_html)}" title="受理单"></iframe>` : ''}`;

    scope.get<{ Params: { token: string } }>('/confirm/:token', PUBLIC, async (request, reply) => {
      const { token } = request.params;
      const found = TOKEN.test(token) ? await service.confirmationPage(token) : null;
      if (wantsJson(request.headers.accept)) {
        if (!found) return reply.code(404).send({ error: 'NOT_FOUND', message: 'no such confirmation link / 确认链接无效' });
        return reply.header('cache-control', 'no-store').send({
          state: found.state,
          status: found.session.status,
          attemptsLeft: attemptsLeft(found.session.confirmation),
          expiresAt: found.session.confirmation?.expiresAt,
          form: found.session.form,
        });
      }
      if (!found) return page(reply, 404, '链接无效', '<h1>链接无效 / This link is not valid</h1><p>请联系营业厅。/ Please contact the hall.</p>');
      if (found.state === 'CONFIRMED')
        return page(reply, 200, '已确认', `<h1>已确认 / Confirmed</h1><p>业务已提交办理，状态：${esc(found.session.status)}。/ Your order was submitted.</p>`);
      if (found.state === 'EXPIRED')
        return page(reply, 410, '已失效', '<h1>确认链接已失效 / This link has expired</h1><p>请回营业厅办理。/ Please come back to the hall.</p>');
      return page(reply, 200, '确认办理', form(found.session, token));
    });

    scope.post<{ Params: { token: string }; Body: { code?: unknown } | undefined }>('/confirm/:token', PUBLIC, async (request, reply) => {
      const { token } = request.params;
      const code = typeof request.body?.code === 'string' ? request.body.code : '';
      const json = wantsJson(request.headers.accept) || String(request.headers['content-type'] ?? '').startsWith('application/json');
      if (!TOKEN.test(token))
        return json
          ? reply.code(404).send({ error: 'NOT_FOUND', message: 'no such confirmation link / 确认链接无效' })
          : page(reply, 404, '链接无效', '<h1>链接无效 / This link is not valid</h1>');
      try {
        const s = await service.confirmByToken(token, code);
        if (json) return reply.send({ state: 'CONFIRMED', status: s.status, orderId: s.order_id });
        return page(reply, 200, '已确认', `<h1>已确认 / Confirmed</h1><p>业务已提交办理，状态：${esc(s.status)}。/ Your order was submitted.</p>`);
      } catch (e) {
        if (!(e instanceof GraphQLError)) throw e;
        const codeOf = String(e.extensions.code);
        const status = codeOf === 'BAD_USER_INPUT' ? 400 : codeOf === 'NOT_FOUND' ? 404 : codeOf === 'FORBIDDEN' ? 403 : 409;
        if (json) return reply.code(status).send({ error: codeOf, message: e.message });
        const again = codeOf === 'BAD_USER_INPUT' ? await service.confirmationPage(token) : null;
        if (again?.state === 'OPEN') return page(reply, 400, '确认码不正确', form(again.session, token, e.message));
        return page(reply, status, '无法确认', `<h1>无法确认 / Cannot confirm</h1><p class="err">${esc(e.message)}</p>`);
      }
    });
  });
}
