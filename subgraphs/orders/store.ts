import DataLoader from 'dataloader';
import { rowPerKey, rowsPerKey } from '../../lib/db/batch.js';
import type { Identity } from '../../lib/auth/identity.js';
import type { Db } from '../../lib/db/db.js';
import type { Cart, Prices } from './domain/cart.js';
import type { FormContent } from './domain/form.js';
import type { HandlingStatus } from './domain/states.js';

export const DB_SCHEMA = 'orders';

export interface OrderRow {
  id: string;
  order_number: string;
  customer_id: string;
  city_code: string;
  hall_code: string;
  staff_id: string;
  package_code: string;
  status: 'SUBMITTED' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
  total_fee_cents: number;
  created_at: Date;
  session_id: string | null;
  card_id: string | null;
  crm_order_id: string | null;
  failure_reason: string | null;
}

export interface CardSnapshot {
  cardId: string;
  packageCode: string;
  promotionCode: string | null;
  batchCode: string | null;
  tierCode: string | null;
  giftCodes: string[];
  summary: string;
}

export interface SignatureRecord {
  format: 'PNG' | 'STROKES';
  bytes: number;
  data: string;
  formHash: string;
  signedAt: string;
  valid: boolean;
}

export interface SessionRow {
  id: string;
  customer_id: string;
  city_code: string;
  hall_code: string | null;
  staff_id: string;
  status: HandlingStatus;
  version: number;
  card: CardSnapshot | null;
  cart: Cart;
  prices: Prices | null;
  requires_approval: boolean;
  form: FormContent | null;
  form_html: string | null;
  form_hash: string | null;
  signature: SignatureRecord | null;
  order_id: string | null;
  failure_reason: string | null;
  confirmation: { codeHash: string; token: string; expiresAt: string; confirmedAt: string | null; attempts: number } | null;
  created_at: Date;
  updated_at: Date;
  expires_at: Date;
}

export interface DeclarationRow {
  id: string;
  session_id: string;
  customer_id: string;
  msisdn: string;
  city_code: string;
  hall_code: string | null;
  package_code: string;
  tier_code: string | null;
  reason: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED';
  declared_by: string;
  declared_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  auto_approved_by: string | null;
}

export interface AuditRow {
  subject: string;
  at: Date;
  actor: string;
  action: string;
  detail: string | null;
}

export interface CustomerRef {
  id: string;
}

/**
 * Which handling sessions a caller reaches: a clerk and a hall manager those of their own hall
 * (a session is the hall's customer at the counter), marketing and admins their whole city.
 */
export interface SessionScope {
  city: string;
  /** null: every hall of the city. */
  hall: string | null;
}

export function sessionScope(identity: Identity): SessionScope {
  const cityWide = identity.roles.some((r) => r === 'marketing' || r === 'admin' || r === 'ops');
  return { city: identity.city, hall: cityWide ? null : (identity.hall ?? '') };
}

/** The columns a step may change; the version always moves by one. */
export type SessionPatch = Partial<
  Pick<
    SessionRow,
    | 'status'
    | 'card'
    | 'cart'
    | 'prices'
    | 'requires_approval'
    | 'form'
    | 'form_html'
    | 'form_hash'
    | 'signature'
    | 'order_id'
    | 'failure_reason'
    | 'confirmation'
    | 'expires_at'
  >
>;
const JSON_COLUMNS = new Set(['card', 'cart', 'prices', 'form', 'signature', 'confirmation']);

export function createStore(db: Db) {
  const store = {
    async order(id: string, city: string): Promise<OrderRow | null> {
      return (await db.query<OrderRow>(`SELECT * FROM orders.customer_order WHERE id = $1 AND city_code = $2`, [id, city]))[0] ?? null;
    },
    /** A session within the caller's scope (their city, and their hall unless their role is city-wide). */
    async session(tx: Db, id: string, scope: SessionScope, lock = false): Promise<SessionRow | null> {
      return (
        (
          await tx.query<SessionRow>(
            `SELECT * FROM orders.handling_session WHERE id = $1 AND city_code = $2 AND ($3::text IS NULL OR hall_code = $3)${lock ? ' FOR UPDATE' : ''}`,
            [id, scope.city, scope.hall],
          )
        )[0] ?? null
      );
    },
    async insertSession(
      tx: Db,
      s: Pick<SessionRow, 'id' | 'customer_id' | 'city_code' | 'hall_code' | 'staff_id' | 'card' | 'cart' | 'created_at' | 'expires_at'>,
    ): Promise<SessionRow> {
      const [row] = await tx.query<SessionRow>(
        `INSERT INTO orders.handling_session (id, customer_id, city_code, hall_code, staff_id, status, card, cart, created_at, updated_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, 'DRAFT', $6::jsonb, $7::jsonb, $8, $8, $9) RETURNING *`,
        [s.id, s.customer_id, s.city_code, s.hall_code, s.staff_id, s.card ? JSON.stringify(s.card) : null, JSON.stringify(s.cart), s.created_at, s.expires_at],
      );
      return row;
    },
    /** Applies a step if the session is still at the version the caller saw; null when it moved on. */
    async updateSession(tx: Db, id: string, version: number, patch: SessionPatch, at: Date): Promise<SessionRow | null> {
      const sets: string[] = [];
      const params: unknown[] = [id, version, at];
      for (const [column, value] of Object.entries(patch)) {
        params.push(JSON_COLUMNS.has(column) && value !== null ? JSON.stringify(value) : value);
        sets.push(`${column} = $${params.length}${JSON_COLUMNS.has(column) ? '::jsonb' : ''}`);
      }
      const rows = await tx.query<SessionRow>(
        `UPDATE orders.handling_session SET ${[...sets, 'version = version + 1', 'updated_at = $3'].join(', ')} WHERE id = $1 AND version = $2 RETURNING *`,
        params,
      );
      return rows[0] ?? null;
    },

    /**
     * Takes one of the confirmation's attempts, atomically: only while fewer than `max` were taken
     * and the code has not expired. Concurrent guesses each take their own; past the limit none is
     * evaluated. The session's version does not move (a guess is not a change the clerk must see).
     */
    async claimConfirmationAttempt(tx: Db, id: string, city: string, max: number, at: Date): Promise<boolean> {
      const rows = await tx.query(
        `UPDATE orders.handling_session
            SET confirmation = jsonb_set(confirmation, '{attempts}', to_jsonb((confirmation->>'attempts')::int + 1))
          WHERE id = $1 AND city_code = $2 AND confirmation IS NOT NULL AND confirmation->>'confirmedAt' IS NULL
            AND (confirmation->>'attempts')::int < $3 AND (confirmation->>'expiresAt')::timestamptz > $4
          RETURNING id`,
        [id, city, max, at],
      );
      return rows.length === 1;
    },

    /**
     * Holds (staff, key) until the transaction ends: concurrent retries of one request queue here,
     * and each finds the first one's answer instead of doing the work again and tripping the
     * idempotency table's primary key.
     */
    async lockIdempotencyKey(tx: Db, staffId: string, key: string): Promise<void> {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`orders.idempotency\n${staffId}\n${key}`]);
    },
    async idempotent(
      tx: Db,
      staffId: string,
      key: string,
    ): Promise<{ operation: string; request_hash: string; session_id: string | null; response: unknown } | null> {
      return (
        (
          await tx.query<{ operation: string; request_hash: string; session_id: string | null; response: unknown }>(
            `SELECT * FROM orders.idempotency WHERE staff_id = $1 AND key = $2 FOR UPDATE`,
            [staffId, key],
          )
        )[0] ?? null
      );
    },
    async remember(
      tx: Db,
      staffId: string,
      key: string,
      operation: string,
      requestHash: string,
      sessionId: string | null,
      response: unknown,
      at: Date,
    ): Promise<void> {
      await tx.query(
        `INSERT INTO orders.idempotency (staff_id, key, operation, request_hash, session_id, response, created_at) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
         ON CONFLICT (staff_id, key) DO NOTHING`,
        [staffId, key, operation, requestHash, sessionId, JSON.stringify(response), at],
      );
    },

    async reservedGifts(tx: Db, sessionId: string): Promise<string[]> {
      return (await tx.query<{ gift_code: string }>(`SELECT gift_code FROM orders.gift_reservation WHERE session_id = $1 ORDER BY gift_code`, [sessionId])).map(
        (r) => r.gift_code,
      );
    },
    /** Reserves one of a gift if the catalogue's stock still covers it; false when it does not. */
    async reserveGift(tx: Db, sessionId: string, giftCode: string, stock: number): Promise<boolean> {
      await tx.query(`INSERT INTO orders.gift_ledger (gift_code) VALUES ($1) ON CONFLICT (gift_code) DO NOTHING`, [giftCode]);
      const updated = await tx.query(
        `UPDATE orders.gift_ledger SET reserved = reserved + 1 WHERE gift_code = $1 AND reserved + consumed + 1 <= $2 RETURNING gift_code`,
        [giftCode, stock],
      );
      if (updated.length === 0) return false;
      await tx.query(`INSERT INTO orders.gift_reservation (session_id, gift_code) VALUES ($1, $2)`, [sessionId, giftCode]);
      return true;
    },
    async releaseGifts(tx: Db, sessionId: string): Promise<void> {
      const released = await tx.query<{ gift_code: string }>(`DELETE FROM orders.gift_reservation WHERE session_id = $1 RETURNING gift_code`, [sessionId]);
      for (const { gift_code } of released) await tx.query(`UPDATE orders.gift_ledger SET reserved = reserved - 1 WHERE gift_code = $1`, [gift_code]);
    },
    async consumeGifts(tx: Db, sessionId: string): Promise<void> {
      const taken = await tx.query<{ gift_code: string }>(`DELETE FROM orders.gift_reservation WHERE session_id = $1 RETURNING gift_code`, [sessionId]);
      for (const { gift_code } of taken)
        await tx.query(`UPDATE orders.gift_ledger SET reserved = reserved - 1, consumed = consumed + 1 WHERE gift_code = $1`, [gift_code]);
    },

    async insertOrder(
      tx: Db,
      o: Pick<
        OrderRow,
        | 'id'
        | 'order_number'
        | 'customer_id'
        | 'city_code'
        | 'hall_code'
        | 'staff_id'
        | 'package_code'
        | 'status'
        | 'total_fee_cents'
        | 'created_at'
        | 'session_id'
        | 'card_id'
      >,
      content: unknown,
    ): Promise<OrderRow> {
      const [row] = await tx.query<OrderRow>(
        `INSERT INTO orders.customer_order (id, order_number, customer_id, city_code, hall_code, staff_id, package_code, status, total_fee_cents, created_at, session_id, card_id, content, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $10)
         ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, submitted_at = EXCLUDED.submitted_at RETURNING *`,
        [
          o.id,
          o.order_number,
          o.customer_id,
          o.city_code,
          o.hall_code,
          o.staff_id,
          o.package_code,
          o.status,
          o.total_fee_cents,
          o.created_at,
          o.session_id,
          o.card_id,
          JSON.stringify(content),
        ],
      );
      return row;
    },
    async finishOrder(tx: Db, id: string, status: OrderRow['status'], crmOrderId: string | null, failure: string | null): Promise<OrderRow | null> {
      // Only a SUBMITTED order is finished: a late CRM answer and the reconciler cannot both write one.
      const [row] = await tx.query<OrderRow>(
        `UPDATE orders.customer_order SET status = $2, crm_order_id = $3, failure_reason = $4 WHERE id = $1 AND status = 'SUBMITTED' RETURNING *`,
        [id, status, crmOrderId, failure],
      );
      return row ?? null;
    },

    async audit(tx: Db, subject: string, actor: string, action: string, detail: string | null, at: Date): Promise<void> {
      await tx.query(`INSERT INTO orders.audit_log (subject, at, actor, action, detail) VALUES ($1, $2, $3, $4, $5)`, [subject, at, actor, action, detail]);
    },
    async auditOf(subject: string): Promise<AuditRow[]> {
      return db.query<AuditRow>(`SELECT subject, at, actor, action, detail FROM orders.audit_log WHERE subject = $1 ORDER BY id`, [subject]);
    },

    async declaration(tx: Db, id: string, city: string, lock = false): Promise<DeclarationRow | null> {
      return (
        (await tx.query<DeclarationRow>(`SELECT * FROM orders.declaration WHERE id = $1 AND city_code = $2${lock ? ' FOR UPDATE' : ''}`, [id, city]))[0] ?? null
      );
    },
    async declarationOfSession(tx: Db, sessionId: string): Promise<DeclarationRow | null> {
      return (
        (await tx.query<DeclarationRow>(`SELECT * FROM orders.declaration WHERE session_id = $1 ORDER BY declared_at DESC, id DESC LIMIT 1`, [sessionId]))[0] ??
        null
      );
    },
    async insertDeclaration(tx: Db, d: DeclarationRow): Promise<DeclarationRow> {
      const [row] = await tx.query<DeclarationRow>(
        `INSERT INTO orders.declaration (id, session_id, customer_id, msisdn, city_code, hall_code, package_code, tier_code, reason, status, declared_by, declared_at, decided_by, decided_at, decision_reason, auto_approved_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING *`,
        [
          d.id,
          d.session_id,
          d.customer_id,
          d.msisdn,
          d.city_code,
          d.hall_code,
          d.package_code,
          d.tier_code,
          d.reason,
          d.status,
          d.declared_by,
          d.declared_at,
          d.decided_by,
          d.decided_at,
          d.decision_reason,
          d.auto_approved_by,
        ],
      );
      return row;
    },
    async decide(tx: Db, id: string, status: 'APPROVED' | 'REJECTED', by: string, reason: string, at: Date): Promise<DeclarationRow | null> {
      return (
        (
          await tx.query<DeclarationRow>(
            `UPDATE orders.declaration SET status = $2, decided_by = $3, decision_reason = $4, decided_at = $5 WHERE id = $1 AND status = 'PENDING' RETURNING *`,
            [id, status, by, reason, at],
          )
        )[0] ?? null
      );
    },
    async queue(city: string, status: string, first: number): Promise<DeclarationRow[]> {
      return db.query<DeclarationRow>(`SELECT * FROM orders.declaration WHERE city_code = $1 AND status = $2 ORDER BY declared_at, id LIMIT $3`, [
        city,
        status,
        first,
      ]);
    },

    async insertTargetList(
      tx: Db,
      list: { id: string; city: string; name: string; packageCodes: string[]; validTo: string | null; by: string; at: Date },
      customerIds: string[],
    ): Promise<void> {
      await tx.query(
        `INSERT INTO orders.target_list (id, city_code, name, package_codes, valid_to, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [list.id, list.city, list.name, list.packageCodes, list.validTo, list.by, list.at],
      );
      await tx.copyRows(
        'orders.target_list_member',
        ['list_id', 'customer_id'],
        customerIds.map((id) => [list.id, id]),
      );
    },
    /** A pre-approved list naming this customer for this package, valid today. Members are customer ids. */
    async targetListFor(tx: Db, city: string, customerId: string, packageCode: string, today: string): Promise<{ id: string; name: string } | null> {
      return (
        (
          await tx.query<{ id: string; name: string }>(
            `SELECT l.id, l.name FROM orders.target_list l JOIN orders.target_list_member m ON m.list_id = l.id
          WHERE l.city_code = $1 AND m.customer_id = $2 AND (cardinality(l.package_codes) = 0 OR $3 = ANY(l.package_codes)) AND (l.valid_to IS NULL OR l.valid_to >= $4::date)
          ORDER BY l.created_at LIMIT 1`,
            [city, customerId, packageCode, today],
          )
        )[0] ?? null
      );
    },

    /** Orders sent to the CRM before `before` whose answer never came back (the process died mid-call). */
    /** An order of the package for the customer on that business day (Asia/Shanghai), other than the session's own. */
    async sameDayOrder(tx: Db, city: string, customerId: string, packageCode: string, day: string, sessionId: string): Promise<OrderRow | null> {
      const rows = await tx.query<OrderRow>(
        `SELECT * FROM orders.customer_order
          WHERE city_code = $1 AND customer_id = $2 AND package_code = $3 AND status IN ('SUBMITTED', 'COMPLETED')
            AND (created_at AT TIME ZONE 'Asia/Shanghai')::date = $4::date AND session_id IS DISTINCT FROM $5
          ORDER BY created_at LIMIT 1`,
        [city, customerId, packageCode, day, sessionId],
      );
      return rows[0] ?? null;
    },
    async strandedOrders(before: Date, limit: number): Promise<OrderRow[]> {
      return db.query<OrderRow>(`SELECT * FROM orders.customer_order WHERE status = 'SUBMITTED' AND submitted_at < $1 ORDER BY submitted_at LIMIT $2`, [
        before,
        limit,
      ]);
    },
    /** The session a remote-confirmation link names: the one-time token is the only credential the customer has. */
    async sessionByConfirmationToken(token: string): Promise<SessionRow | null> {
      return (
        (await db.query<SessionRow>(`SELECT * FROM orders.handling_session WHERE confirmation IS NOT NULL AND confirmation->>'token' = $1`, [token]))[0] ?? null
      );
    },
    async sessionById(tx: Db, id: string, lock = false): Promise<SessionRow | null> {
      return (await tx.query<SessionRow>(`SELECT * FROM orders.handling_session WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]))[0] ?? null;
    },

    async expiredSessions(at: Date, limit: number): Promise<SessionRow[]> {
      return db.query<SessionRow>(
        `SELECT * FROM orders.handling_session WHERE status IN ('DRAFT', 'PRICED', 'FORM_GENERATED', 'SIGNED', 'FAILED') AND expires_at < $1 ORDER BY expires_at LIMIT $2`,
        [at, limit],
      );
    },

    loaders(city: string) {
      return {
        byCustomer: new DataLoader<string, OrderRow[]>(async (ids) => {
          const rows = await db.query<OrderRow>(
            `SELECT * FROM orders.customer_order WHERE customer_id = ANY($1::text[]) AND city_code = $2 ORDER BY created_at DESC, id`,
            [ids, city],
          );
          return rowsPerKey(ids, rows, (r) => r.customer_id);
        }),
        order: new DataLoader<string, OrderRow | null>(async (ids) => {
          const rows = await db.query<OrderRow>(`SELECT * FROM orders.customer_order WHERE id = ANY($1::text[]) AND city_code = $2`, [ids, city]);
          return rowPerKey(ids, rows, (r) => r.id);
        }),
        declarationOfSession: new DataLoader<string, DeclarationRow | null>(async (ids) => {
          const rows = await db.query<DeclarationRow>(
            `SELECT DISTINCT ON (session_id) * FROM orders.declaration WHERE session_id = ANY($1::text[]) ORDER BY session_id, declared_at DESC, id DESC`,
            [ids],
          );
          return rowPerKey(ids, rows, (r) => r.session_id);
        }),
      };
    },
  };
  return {
    ...store,
    /** Reads outside a transaction, for resolvers: the session in the caller's scope, a declaration of the caller's city. */
    readSession: (id: string, scope: SessionScope) => store.session(db, id, scope),
    readDeclaration: (id: string, city: string) => store.declaration(db, id, city),
  };
}
export type Store = ReturnType<typeof createStore>;
export type Loaders = ReturnType<Store['loaders']>;
