import type { Clock } from '../../lib/clock.js';
import { today } from '../../lib/clock.js';
import type { Db } from '../../lib/db/db.js';
import type { Bus } from '../../lib/events/bus.js';
import { hallOfCounter } from '../../lib/org-chart.js';
import { MAX_BATCH, validateWarning, type AcceptedWarning, type Rejection } from './domain/ingest.js';
import {
  counterSubject,
  DELIVERY_SUBJECT,
  hallWarningSubject,
  type CounterEventData,
  type DeliveryData,
  type HallWarningData,
} from '../../lib/events/contracts.js';
import type { Store } from './store.js';

export interface IngestOutcome {
  accepted: number;
  duplicates: number;
  rejected: Rejection[];
  ids: string[];
}

export class BatchTooLarge extends Error {}

/** Counters are the organisation's: a counter belongs to one hall, a hall to one city. */
export function counterInfo(counter: string): { hall: string; city: string } | null {
  const hall = hallOfCounter(counter);
  return hall ? { hall: hall.code, city: hall.cityCode } : null;
}

/**
 * The alerts subgraph's work, shared by its GraphQL resolvers and its signed HTTP hooks.
 */
export function createAlertsService(
  db: Db,
  store: Store,
  bus: Bus,
  clock: Clock,
  log: (msg: string, err?: unknown) => void,
  kicks: {
    /** Orders came in without a hall: route them now rather than at the next round. */
    unrouted?: () => void;
    /** Orders were stored: read their text now rather than at the next round. */
    stored?: () => void;
  } = {},
) {
  return {
    /**
     * Validates every record; stores all accepted ones in one transaction (skipping external ids
     * seen before); then tells each hall about its new orders.
     */
    async ingest(records: unknown[]): Promise<IngestOutcome> {
      if (records.length > MAX_BATCH) throw new BatchTooLarge(`at most ${MAX_BATCH} records per batch / 每批最多${MAX_BATCH}条`);
      const accepted: AcceptedWarning[] = [];
      const acceptedIndex: number[] = [];
      const rejected: Rejection[] = [];
      records.forEach((raw, index) => {
        const r = validateWarning(raw, index);
        if ('ok' in r) {
          accepted.push(r.ok);
          acceptedIndex.push(index);
        } else rejected.push(r.rejected);
      });
      const validationRejections = rejected.length;
      const receivedAt = clock.now();
      let inserted: Awaited<ReturnType<Store['insertWarnings']>>;
      try {
        inserted = await db.transaction((tx) => store.insertWarnings(tx, accepted, receivedAt));
      } catch (error) {
        // Validation should leave nothing the database refuses; if something still is refused, the
        // batch is stored record by record, so one such record costs itself only, and the
        // database's own words go to the log, never to the sender.
        log('warning-order batch refused by the database; storing record by record', error);
        inserted = [];
        for (const [i, record] of accepted.entries()) {
          try {
            inserted.push(...(await db.transaction((tx) => store.insertWarnings(tx, [record], receivedAt))));
          } catch (e) {
            log(`warning order ${record.externalId} not stored`, e);
            const reason = '该记录无法保存，请检查内容后重发 / this record could not be stored: check it and send it again';
            rejected.push({ index: acceptedIndex[i], externalId: record.externalId, field: null, reason, problems: [{ field: null, reason }] });
          }
        }
        rejected.sort((a, b) => a.index - b.index);
      }
      if (inserted.some((row) => !row.hall_code)) kicks.unrouted?.();
      for (const row of inserted) {
        if (!row.hall_code) continue;
        const data: HallWarningData = { hall: row.hall_code, city: row.city_code, warningOrderId: row.id };
        await bus.publish(hallWarningSubject(row.hall_code), data).catch((e) => log(`hall event for ${row.id} not published`, e));
      }
      // Reading the text waits until the sender has its answer: it costs more than all of the above.
      if (inserted.length > 0 && kicks.stored) setImmediate(kicks.stored);
      return {
        accepted: inserted.length,
        duplicates: accepted.length - inserted.length - (rejected.length - validationRejections),
        rejected,
        ids: inserted.map((r) => r.id),
      };
    },

    async identify(counter: string, msisdn: string, source: 'CLERK' | 'QUEUE' | 'CRM', staffId: string | null): Promise<number> {
      const info = counterInfo(counter)!;
      const data: CounterEventData = { kind: 'CUSTOMER_IDENTIFIED', counter, hall: info.hall, city: info.city, staffId, source, msisdnKey: msisdn };
      const seq = await bus.publish(counterSubject(counter), data);
      await store.identified(counter, info.hall, msisdn, clock.now(), seq);
      return seq;
    },

    async sessionEvent(kind: 'SESSION_OPENED' | 'SESSION_CLOSED', counter: string, staffId: string): Promise<void> {
      const info = counterInfo(counter)!;
      const data: CounterEventData = { kind, counter, hall: info.hall, city: info.city, staffId, source: null, msisdnKey: null };
      await bus.publish(counterSubject(counter), data);
    },

    /** Gateways report pushes; the orders NEW at that moment become DELIVERED (at least once, idempotent). */
    async startDeliveryConsumer() {
      return bus.consume<DeliveryData>('alerts-delivery', DELIVERY_SUBJECT, async (e) => {
        const info = counterInfo(e.data.counter);
        if (info) await store.markDelivered(e.data.msisdnKey, info.city, e.data.counter, e.data.eventSeq, new Date(e.data.at));
      });
    },

    async expireOverdue(): Promise<number> {
      return store.expireOverdue(today(clock), clock.now());
    },
  };
}

export type AlertsService = ReturnType<typeof createAlertsService>;
