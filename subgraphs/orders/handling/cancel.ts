import type { Identity } from '../../../lib/auth/identity.js';
import type { SessionRow } from '../store.js';
import type { HandlingFlow } from './kit.js';
import type { SessionStepInput } from '../__generated__/resolvers-types.js';

/** Cancelling, by the clerk or by the idle clock. */
export function cancelSteps(flow: HandlingFlow) {
  const { db, store, clock, save, step } = flow;
  return {
    async cancel(identity: Identity, input: SessionStepInput): Promise<SessionRow> {
      return step(identity, input, 'cancel', 'cancel', async (tx, s) => {
        await store.releaseGifts(tx, s.id);
        await store.audit(tx, `session:${s.id}`, identity.staffId, 'CANCELLED', null, clock.now());
        return save(tx, s, { status: 'CANCELLED' });
      });
    },

    /** Abandoned sessions: cancelled and their gifts released, so stock is not held by nobody. */
    async expire(): Promise<number> {
      let n = 0;
      for (const s of await store.expiredSessions(clock.now(), 200)) {
        await db.transaction(async (tx) => {
          const row = await store.updateSession(
            tx,
            s.id,
            s.version,
            { status: 'CANCELLED', failure_reason: 'EXPIRED: 会话超时 / the session expired' },
            clock.now(),
          );
          if (!row) return;
          await store.releaseGifts(tx, s.id);
          await store.audit(tx, `session:${s.id}`, 'system', 'EXPIRED', null, clock.now());
          n++;
        });
      }
      return n;
    },
  };
}
