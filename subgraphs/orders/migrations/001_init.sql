-- Orders handled at the counter. Cart, form and signature tables come with the handling flow.
CREATE TABLE orders.customer_order (
  id text PRIMARY KEY,
  order_number text NOT NULL UNIQUE,
  customer_id text NOT NULL,
  city_code text NOT NULL,
  hall_code text NOT NULL,
  staff_id text NOT NULL,
  package_code text NOT NULL,
  status text NOT NULL CHECK (status IN ('SUBMITTED', 'COMPLETED', 'FAILED', 'CANCELLED')),
  total_fee_cents integer NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX order_customer_idx ON orders.customer_order (customer_id, created_at DESC);

CREATE TABLE orders.seed_info (
  seed_date date NOT NULL,
  seeded_at timestamptz NOT NULL DEFAULT now()
);
