import { describe, expect, it } from 'vitest';
import { openPglite } from '../../lib/db/pglite.js';
import type { CustomerChange } from '../../lib/events/contracts.js';
import { MemoryBus } from '../../lib/events/memory.js';
import { eventOutbox } from '../../lib/events/outbox.js';
import { type HeldItem, replacements } from '../../subgraphs/customer-insight/domain/order-change.js';

const held = (id: string, kind: HeldItem['kind'], code: string | null, start: string, end: string | null): HeldItem => ({
  id,
  kind,
  package_code: kind === 'PACKAGE' ? code : null,
  promotion_code: kind === 'PROMOTION' ? code : null,
  start_date: start,
  end_date: end,
});
const add = (kind: 'PACKAGE' | 'PROMOTION' | 'CONTRACT', code: string | null) => ({
  kind,
  name: code ?? '合约',
  packageCode: kind === 'PACKAGE' ? code : null,
  promotionCode: kind === 'PROMOTION' ? code : null,
  tierCode: null,
  endDate: null,
  monthlyFeeCents: 0,
});

describe('what an order changes in the holdings', () => {
  const holdings = [
    held('plan', 'PACKAGE', '5G128', '2024-03-01', null),
    held('pack', 'PACKAGE', 'DATA10', '2026-06-01', '2027-05-31'),
    held('promo', 'PROMOTION', 'P-5G', '2026-01-01', '2026-12-31'),
    held('old-promo', 'PROMOTION', 'P-5G', '2024-01-01', '2025-12-31'),
    held('contract', 'CONTRACT', null, '2025-01-01', '2027-01-31'),
    held('today', 'PACKAGE', '5G198', '2026-12-01', null),
  ];
  const cases: { name: string; change: CustomerChange; current: string | null; end: string[]; drop: string[] }[] = [
    {
      name: 'a new base plan replaces the current one; a plan started the same day never took effect',
      change: { effectiveOn: '2026-12-01', basePlan: '5G198', adds: [add('PACKAGE', '5G198')] },
      current: '5G128',
      end: ['plan'],
      drop: ['today'],
    },
    {
      name: 'an add-on leaves the base plan alone',
      change: { effectiveOn: '2026-12-01', basePlan: null, adds: [add('PACKAGE', 'VOICE100')] },
      current: '5G128',
      end: [],
      drop: [],
    },
    {
      name: 'renewing a pack replaces the pack; a renewed promotion replaces the current one, not an ended one',
      change: { effectiveOn: '2026-12-01', basePlan: null, adds: [add('PACKAGE', 'DATA10'), add('PROMOTION', 'P-5G')] },
      current: '5G128',
      end: ['pack', 'promo'],
      drop: [],
    },
    {
      name: 'a contract never replaces a contract',
      change: { effectiveOn: '2026-12-01', basePlan: null, adds: [add('CONTRACT', null)] },
      current: '5G128',
      end: [],
      drop: [],
    },
  ];
  it.each(cases)('$name', ({ change, current, end, drop }) => {
    expect(replacements(change, holdings, current)).toEqual({ end, drop, endOn: '2026-11-30' });
  });
});

describe('the event outbox', () => {
  it('publishes an event only if its transaction committed, and the relay publishes one its process never did', async () => {
    const db = await openPglite();
    await db.exec(
      `CREATE SCHEMA o; CREATE TABLE o.outbox (id bigserial PRIMARY KEY, subject text NOT NULL, data jsonb NOT NULL, staged_at timestamptz NOT NULL DEFAULT now())`,
    );
    const bus = new MemoryBus();
    const seen: unknown[] = [];
    await bus.subscribe('t.>', {}, (e) => seen.push(e.data));
    const outbox = eventOutbox(db, 'o.outbox', bus, 0);
    await expect(
      db.transaction(async (tx) => {
        await outbox.stage(tx, 't.rolled-back', { n: 0 });
        throw new Error('the step failed');
      }),
    ).rejects.toThrow('the step failed');
    // Committed, then the process "died" before publishing: the row waits for the relay.
    await db.transaction((tx) => outbox.stage(tx, 't.stranded', { n: 1 }));
    const published = await db.transaction((tx) => outbox.stage(tx, 't.live', { n: 2 }));
    await outbox.publish(published, () => {});
    expect(seen).toEqual([{ n: 2 }]);
    expect(await outbox.relay()).toBe(1);
    expect(seen).toEqual([{ n: 2 }, { n: 1 }]);
    expect(await outbox.relay()).toBe(0);
    await bus.close();
    await db.close();
  });
});
