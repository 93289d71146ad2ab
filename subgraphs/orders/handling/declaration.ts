import { CONFIRMATION_TTL_MS } from '../domain/confirmation.js';
import type { StagedEvent } from '../../../lib/events/outbox.js';
import { type DeclarationDecidedData, type DeclarationFiledData, declarationQueueSubject, declarationSubject } from '../../../lib/events/contracts.js';
import type { DeclarationRow } from '../store.js';
import { ErrorCode, appError, badUserInput, forbidden } from '../../../lib/errors.js';
import { type Identity, can } from '../../../lib/auth/identity.js';
import { canDo } from '../domain/states.js';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { today } from '../../../lib/clock.js';
import { notFound, illegal, hashOf, type HandlingFlow } from './kit.js';
import type { DecideDeclarationInput, DeclareInput } from '../__generated__/resolvers-types.js';

/** Target-user declarations: declared by the clerk, decided by a reviewer, a list or a rule. */
export function declarationSteps(flow: HandlingFlow) {
  const { db, store, graph, sms, clock, settings, publish, inScope, offer, log, events } = flow;
  const steps = {
    async declare(identity: Identity, input: DeclareInput): Promise<DeclarationRow> {
      const reason = input.reason.trim();
      if (reason.length < 2 || reason.length > 500)
        throw badUserInput('申报理由须为2到500字 / the reason must be 2..500 characters', { field: 'input.reason' });
      const s = await inScope(identity, input.sessionId);
      if (!canDo('declare', s.status)) throw illegal('declare', s);
      if (!s.cart.packageCode) throw appError(ErrorCode.ILLEGAL_STATE, '购物车中没有套餐 / the cart has no package', { status: s.status });
      const offered = await offer(identity, s.customer_id, s.cart);
      // Every approval rule the offer falls under must auto-approve this customer, or a reviewer decides.
      const check = offered.check;
      const rulesAuto = check && check.approvalRuleIds.length > 0 && check.approvalRuleIds.every((id) => check.autoApprovalRuleIds.includes(id)) ? check : null;
      let filed: StagedEvent | null = null;
      const row = await db.transaction(async (tx) => {
        const existing = await store.declarationOfSession(tx, s.id);
        if (existing && existing.status !== 'REJECTED' && existing.package_code === s.cart.packageCode) return existing;
        const at = clock.now();
        const list = await store.targetListFor(tx, s.city_code, s.customer_id, s.cart.packageCode!, today(clock));
        const auto = list
          ? { by: `list:${list.id}`, why: `预批准名单「${list.name}」（${list.id}）` }
          : rulesAuto
            ? {
                by: `rule:${rulesAuto.approvalRuleIds.join(',')}`,
                why: `自动审批规则 ${rulesAuto.approvalRuleIds.join('、')}（规则集 v${rulesAuto.ruleSetVersion}）`,
              }
            : null;
        const d = await store.insertDeclaration(tx, {
          id: `D${randomUUID().replaceAll('-', '').slice(0, 16)}`,
          session_id: s.id,
          customer_id: s.customer_id,
          msisdn: offered.customer?.msisdn ?? '',
          city_code: s.city_code,
          hall_code: s.hall_code,
          package_code: s.cart.packageCode!,
          tier_code: s.cart.promotion?.tierCode ?? null,
          reason,
          status: auto ? 'APPROVED' : 'PENDING',
          declared_by: identity.staffId,
          declared_at: at,
          decided_by: auto ? 'auto' : null,
          decided_at: auto ? at : null,
          decision_reason: auto?.why ?? null,
          auto_approved_by: auto?.by ?? null,
        });
        await store.audit(tx, `declaration:${d.id}`, identity.staffId, 'DECLARED', reason, at);
        if (auto) await store.audit(tx, `declaration:${d.id}`, 'auto', 'APPROVED', auto.why, at);
        else
          filed = await events.stage(tx, declarationQueueSubject(d.city_code), {
            declarationId: d.id,
            sessionId: s.id,
            status: 'PENDING',
            city: d.city_code,
            staffId: identity.staffId,
          } satisfies DeclarationFiledData);
        return d;
      });
      if (filed !== null) await events.publish(filed, log);
      if (row.status === 'APPROVED') await steps.afterDecision(row);
      return row;
    },

    async decide(identity: Identity, input: DecideDeclarationInput): Promise<DeclarationRow> {
      if (!can(identity, 'declaration:review')) throw forbidden('只有地市市场部审核员可以审批申报 / only city marketing reviewers may decide declarations');
      const reason = input.reason.trim();
      if (reason.length < 2 || reason.length > 500)
        throw badUserInput('审批意见须为2到500字 / the reason must be 2..500 characters', { field: 'input.reason' });
      const d = await db.transaction(async (tx) => {
        const current = await store.declaration(tx, input.declarationId, identity.city, true);
        if (!current) throw notFound('申报', input.declarationId);
        if (current.status !== 'PENDING')
          throw appError(ErrorCode.ILLEGAL_STATE, `申报已${current.status === 'APPROVED' ? '批准' : '驳回'} / already decided`, { status: current.status });
        const at = clock.now();
        const row = (await store.decide(tx, current.id, input.approve ? 'APPROVED' : 'REJECTED', identity.staffId, reason, at))!;
        await store.audit(tx, `declaration:${row.id}`, identity.staffId, row.status, reason, at);
        return row;
      });
      await steps.afterDecision(d);
      return d;
    },

    /**
     * Tells the clerk live, and lets a parked session go on without the customer coming back:
     * approved → a one-time link and a six-digit code go by SMS to the customer's own number; the
     * customer opens the link (the paperless form, as signed) and enters the code. A session not
     * parked (the customer is still at the counter) needs neither: the clerk submits it.
     */
    async afterDecision(d: DeclarationRow): Promise<void> {
      if (d.status === 'APPROVED') {
        const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
        const token = randomBytes(18).toString('base64url');
        const at = clock.now();
        const expiresAt = new Date(at.getTime() + CONFIRMATION_TTL_MS);
        const parked = await db.transaction(async (tx) => {
          const s = await store.session(tx, d.session_id, { city: d.city_code, hall: null }, true);
          if (s?.status !== 'AWAITING_APPROVAL') return null;
          const confirmation = { codeHash: hashOf(`${s.id}:${code}`), token, expiresAt: expiresAt.toISOString(), confirmedAt: null, attempts: 0 };
          return store.updateSession(tx, s.id, s.version, { confirmation, expires_at: expiresAt }, at);
        });
        if (parked) {
          const link = `${settings.confirmationBaseUrl}/${token}`;
          const text = `【中国移动】您申请办理的${parked.cart.packageName ?? parked.cart.packageCode}已通过审核。确认码 ${code}（24小时内有效，请勿告诉他人）。请打开 ${link} 核对受理单并输入确认码完成办理。`;
          try {
            const to = await graph.contactNumber(parked.city_code, parked.customer_id);
            if (!to) throw new Error('no number for the customer');
            const sent = await sms.send({ to, customerId: parked.customer_id, city: parked.city_code, purpose: 'REMOTE_CONFIRMATION', text }, at);
            // The code itself is never written down: only the customer's phone has it.
            await store.audit(db, `session:${parked.id}`, 'system', 'CONFIRMATION_SENT', `短信 ${sent.id}，链接有效至 ${expiresAt.toISOString()}`, at);
          } catch (e) {
            log(`confirmation SMS for ${parked.id} not sent`, e);
            await store.audit(
              db,
              `session:${parked.id}`,
              'system',
              'CONFIRMATION_NOT_SENT',
              '短信未发出：客户可回柜台重新签字 / the SMS did not go: the customer can sign again at the counter',
              at,
            );
          }
        }
      }
      const event: DeclarationDecidedData = {
        declarationId: d.id,
        sessionId: d.session_id,
        status: d.status as 'APPROVED' | 'REJECTED',
        city: d.city_code,
        staffId: d.declared_by,
      };
      await publish(declarationSubject(d.declared_by), event);
    },

    overdue(d: DeclarationRow): boolean {
      return d.status === 'PENDING' && clock.now().getTime() - d.declared_at.getTime() > settings.declarationSlaMinutes * 60_000;
    },
  };
  return steps;
}
