import { ErrorCode, appError, badUserInput } from '../../../lib/errors.js';
import type { Identity } from '../../../lib/auth/identity.js';
import { MAX_CONFIRMATION_ATTEMPTS, attemptsLeft } from '../domain/confirmation.js';
import type { SessionRow } from '../store.js';
import { halfWidth } from '../../../lib/halfwidth.js';
import { hashOf, type HandlingFlow } from './kit.js';
import type { SubmitSteps } from './submit.js';

/** The customer's remote confirmation by SMS link and code. */
export function confirmationSteps(flow: HandlingFlow, submit: SubmitSteps['submit']) {
  const { db, store, clock } = flow;
  return {
    /** What the customer's link shows: the form they were asked to confirm, and whether it still can be. */
    async confirmationPage(token: string): Promise<{ session: SessionRow; state: 'OPEN' | 'CONFIRMED' | 'EXPIRED' } | null> {
      const s = await store.sessionByConfirmationToken(token);
      if (!s?.confirmation) return null;
      if (s.confirmation.confirmedAt) return { session: s, state: 'CONFIRMED' };
      const usable = s.status === 'AWAITING_APPROVAL' && attemptsLeft(s.confirmation) > 0 && new Date(s.confirmation.expiresAt) > clock.now();
      return { session: s, state: usable ? 'OPEN' : 'EXPIRED' };
    },

    /**
     * The customer's own confirmation, by the link's one-time token and the SMS code: the only
     * credential, no staff token. Each guess takes one of five attempts atomically; the right code
     * submits the order as the customer's act.
     */
    async confirmByToken(token: string, code: string): Promise<SessionRow> {
      const s = await store.sessionByConfirmationToken(token);
      if (!s?.confirmation) throw appError(ErrorCode.NOT_FOUND, '确认链接无效 / no such confirmation link', { field: 'token' });
      if (s.confirmation.confirmedAt) return s;
      if (s.status !== 'AWAITING_APPROVAL')
        throw appError(ErrorCode.ILLEGAL_STATE, `受理单状态为 ${s.status}，无需确认 / nothing to confirm`, { status: s.status });
      // Each guess first takes an attempt in one conditional UPDATE: concurrent wrong guesses cannot all be evaluated.
      if (!(await store.claimConfirmationAttempt(db, s.id, s.city_code, MAX_CONFIRMATION_ATTEMPTS, clock.now())))
        throw appError(ErrorCode.FORBIDDEN, '确认码已失效（次数用完或已过期），请回营业厅办理 / the code is used up or expired: come back to the hall', {
          field: 'code',
        });
      const typed = halfWidth(code).trim();
      if (hashOf(`${s.id}:${typed}`) !== s.confirmation.codeHash) throw badUserInput('确认码不正确 / wrong confirmation code', { field: 'code' });
      const confirmed = await db.transaction(async (tx) => {
        const row = await store.updateSession(
          tx,
          s.id,
          s.version,
          { confirmation: { ...s.confirmation!, confirmedAt: clock.now().toISOString() } },
          clock.now(),
        );
        if (row) await store.audit(tx, `session:${s.id}`, 'customer', 'CONFIRMED_REMOTELY', null, clock.now());
        return row;
      });
      if (!confirmed) throw appError(ErrorCode.CONFLICT, '受理单已被修改，请回营业厅办理 / the session changed meanwhile', { reason: 'STALE_VERSION' });
      // Submitted for the clerk who handled it, as the customer's act (the audit trail says so).
      const clerk: Identity = { staffId: s.staff_id, name: s.staff_id, hall: s.hall_code, city: s.city_code, roles: ['clerk'] };
      return submit(clerk, { sessionId: s.id, version: confirmed.version, idempotencyKey: `remote:${s.id}` }, 'REMOTE');
    },
  };
}
