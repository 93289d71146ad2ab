import { randomUUID } from 'node:crypto';
import type { Db } from '../../../lib/db/db.js';
import type { SmsMessage, SmsPort } from './port.js';

export interface OutboxRow {
  id: string;
  to_msisdn: string;
  customer_id: string;
  city_code: string;
  purpose: string;
  text: string;
  sent_at: Date;
}

/**
 * The SMS gateway's simulator: every message is written to the orders schema's outbox, where ops
 * read them through the graph (`smsOutbox`), numbers masked, as they would read the gateway's
 * delivery log. Nothing leaves the machine.
 */
export function smsOutbox(db: Db): SmsPort & { recent(city: string, first: number): Promise<OutboxRow[]> } {
  return {
    async send(message: SmsMessage, at: Date) {
      const id = `SMS${randomUUID().replaceAll('-', '').slice(0, 16)}`;
      await db.query(`INSERT INTO orders.sms_outbox (id, to_msisdn, customer_id, city_code, purpose, text, sent_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        id,
        message.to,
        message.customerId,
        message.city,
        message.purpose,
        message.text,
        at,
      ]);
      return { id };
    },
    recent(city: string, first: number) {
      return db.query<OutboxRow>(`SELECT * FROM orders.sms_outbox WHERE city_code = $1 ORDER BY sent_at DESC, id DESC LIMIT $2`, [city, first]);
    },
  };
}
