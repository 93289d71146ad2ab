-- Handling sessions: the cart, prices, form and signature of one customer's visit, versioned for
-- optimistic concurrency; every mutation is recorded by idempotency key.
ALTER TABLE orders.customer_order
  ADD COLUMN session_id text,
  ADD COLUMN card_id text,
  ADD COLUMN crm_order_id text,
  ADD COLUMN failure_reason text,
  ADD COLUMN content jsonb;
CREATE UNIQUE INDEX order_session_idx ON orders.customer_order (session_id) WHERE session_id IS NOT NULL;

CREATE TABLE orders.handling_session (
  id text PRIMARY KEY,
  customer_id text NOT NULL,
  city_code text NOT NULL,
  hall_code text,
  staff_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('DRAFT', 'PRICED', 'FORM_GENERATED', 'SIGNED', 'AWAITING_APPROVAL', 'SUBMITTED', 'COMPLETED', 'FAILED', 'CANCELLED')),
  version integer NOT NULL DEFAULT 1,
  card jsonb,
  cart jsonb NOT NULL,
  prices jsonb,
  requires_approval boolean NOT NULL DEFAULT false,
  form jsonb,
  form_html text,
  form_hash text,
  signature jsonb,
  order_id text,
  failure_reason text,
  confirmation jsonb,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX handling_session_open_idx ON orders.handling_session (expires_at) WHERE status IN ('DRAFT', 'PRICED', 'FORM_GENERATED', 'SIGNED', 'FAILED');

CREATE TABLE orders.idempotency (
  staff_id text NOT NULL,
  key text NOT NULL,
  operation text NOT NULL,
  request_hash text NOT NULL,
  session_id text,
  response jsonb,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (staff_id, key)
);

-- Gift stock the catalogue allots, as handled here: reserved while in a cart, consumed on completion.
CREATE TABLE orders.gift_ledger (
  gift_code text PRIMARY KEY,
  reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  consumed integer NOT NULL DEFAULT 0 CHECK (consumed >= 0)
);
CREATE TABLE orders.gift_reservation (
  session_id text NOT NULL,
  gift_code text NOT NULL,
  PRIMARY KEY (session_id, gift_code)
);

CREATE TABLE orders.declaration (
  id text PRIMARY KEY,
  session_id text NOT NULL,
  customer_id text NOT NULL,
  msisdn text NOT NULL,
  city_code text NOT NULL,
  hall_code text,
  package_code text NOT NULL,
  tier_code text,
  reason text NOT NULL,
  status text NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
  declared_by text NOT NULL,
  declared_at timestamptz NOT NULL,
  decided_by text,
  decided_at timestamptz,
  decision_reason text,
  auto_approved_by text
);
CREATE INDEX declaration_queue_idx ON orders.declaration (city_code, status, declared_at);
CREATE INDEX declaration_session_idx ON orders.declaration (session_id);

CREATE TABLE orders.audit_log (
  id bigserial PRIMARY KEY,
  subject text NOT NULL,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  detail text
);
CREATE INDEX audit_subject_idx ON orders.audit_log (subject, id);

CREATE TABLE orders.target_list (
  id text PRIMARY KEY,
  city_code text NOT NULL,
  name text NOT NULL,
  package_codes text[] NOT NULL,
  valid_to date,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);
-- Members are customer ids: numbers are resolved through the graph when a list is uploaded.
CREATE TABLE orders.target_list_member (
  list_id text NOT NULL REFERENCES orders.target_list (id),
  customer_id text NOT NULL,
  PRIMARY KEY (list_id, customer_id)
);
CREATE INDEX target_member_customer_idx ON orders.target_list_member (customer_id);
