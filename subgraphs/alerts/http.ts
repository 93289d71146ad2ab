import type { FastifyInstance, FastifyReply } from 'fastify';
import { SIGNATURE_HEADER, verifySignature } from '../../lib/hmac.js';
import { checkMsisdn } from '../../lib/msisdn.js';
import { BatchTooLarge, counterInfo, type AlertsService } from './service.js';
import type { Store } from './store.js';
import type { HookSettings } from './settings.js';

/**
 * Signed HTTP hooks for systems outside the graph: the grid system posts warning-order batches and
 * fetches handled outcomes; the queueing system and the CRM report a customer identified at a
 * counter. Each body is checked byte for byte against its HMAC signature before it is parsed.
 */
/** Reached without the gateway's identity: each hook checks its own signature. */
const PUBLIC = { config: { public: true } };

export async function registerHooks(app: FastifyInstance, service: AlertsService, store: Store, hooks: HookSettings): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: hooks.ingestMaxBytes }, (_req, body, done) => done(null, body));

    const unauthorized = (reply: FastifyReply, reason: string) => reply.code(401).send({ error: 'UNAUTHENTICATED', message: reason });
    const bad = (reply: FastifyReply, message: string, details: Record<string, unknown> = {}) =>
      reply.code(400).send({ error: 'BAD_REQUEST', message, ...details });

    scope.post('/hooks/warning-orders', PUBLIC, async (request, reply) => {
      const body = (request.body as Buffer | undefined) ?? Buffer.alloc(0);
      const check = verifySignature(hooks.gridSecret, request.headers, body);
      if (!check.ok) return unauthorized(reply, check.reason);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        return bad(reply, 'body is not JSON / 请求体不是合法 JSON');
      }
      const records = Array.isArray(parsed) ? parsed : (parsed as { orders?: unknown })?.orders;
      if (!Array.isArray(records)) return bad(reply, 'expected {"orders": [...]} / 请求体须为 {"orders": [...]}');
      try {
        const outcome = await service.ingest(records);
        // Accepted records are committed either way; 400 says some were not, and which.
        return reply.code(outcome.rejected.length > 0 ? 400 : 200).send(outcome);
      } catch (e) {
        if (e instanceof BatchTooLarge) return reply.code(413).send({ error: 'PAYLOAD_TOO_LARGE', message: e.message });
        throw e;
      }
    });

    scope.post('/hooks/counter-identified', PUBLIC, async (request, reply) => {
      const body = (request.body as Buffer | undefined) ?? Buffer.alloc(0);
      const check = verifySignature(hooks.counterHookSecret, request.headers, body);
      if (!check.ok) return unauthorized(reply, check.reason);
      let input: { counter?: unknown; msisdn?: unknown; source?: unknown };
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch {
        return bad(reply, 'body is not JSON / 请求体不是合法 JSON');
      }
      const errors: { field: string; reason: string }[] = [];
      if (typeof input.counter !== 'string' || !counterInfo(input.counter)) errors.push({ field: 'counter', reason: 'unknown counter / 柜台不存在' });
      const msisdn = typeof input.msisdn === 'string' ? checkMsisdn(input.msisdn) : { ok: false as const, reason: 'msisdn is required / 缺少手机号' };
      if (!msisdn.ok) errors.push({ field: 'msisdn', reason: msisdn.reason });
      if (input.source !== 'QUEUE' && input.source !== 'CRM') errors.push({ field: 'source', reason: 'source must be QUEUE or CRM / 来源须为 QUEUE 或 CRM' });
      if (errors.length > 0 || !msisdn.ok) return bad(reply, 'invalid identification / 识别请求无效', { errors });
      // The same signed request twice is a replay (or a retry of one already done): no second event.
      const signature = String(request.headers[SIGNATURE_HEADER]);
      const claim = await store.claimHook(signature, 'counter-identified', new Date());
      if (!claim.first) {
        return reply.code(409).send({
          error: 'REPLAYED',
          message: 'this signed request was already received; sign a new one / 该签名请求已接收，不会重复处理',
          eventId: claim.eventId,
        });
      }
      let eventId: number;
      try {
        eventId = await service.identify(input.counter as string, msisdn.msisdn, input.source as 'QUEUE' | 'CRM', null);
      } catch (e) {
        await store.releaseHook(signature);
        throw e;
      }
      await store.completeHook(signature, eventId);
      return reply.send({ eventId: String(eventId) });
    });

    scope.get('/hooks/handled-warning-orders', PUBLIC, async (request, reply) => {
      const check = verifySignature(hooks.gridSecret, request.headers, request.url);
      if (!check.ok) return unauthorized(reply, check.reason);
      const q = request.query as { since?: string; until?: string; city?: string };
      const since = q.since ? new Date(q.since) : null;
      const until = q.until ? new Date(q.until) : null;
      if (!since || Number.isNaN(since.getTime()) || (until && Number.isNaN(until.getTime())))
        return bad(reply, 'since (and until) must be ISO 8601 / since、until 须为 ISO 8601');
      const rows = await store.handledSince(q.city ? [q.city] : null, since, until, 10_000);
      return reply.send({
        orders: rows.map((r) => ({
          externalId: r.external_id,
          msisdn: r.msisdn,
          city: r.city_code,
          hall: r.hall_code,
          status: r.status,
          outcome: r.outcome,
          note: r.outcome_note,
          handledAt: r.handled_at?.toISOString(),
          handledBy: r.handled_by,
          acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
          deliveredAt: r.delivered_at?.toISOString() ?? null,
        })),
      });
    });
  });
}
