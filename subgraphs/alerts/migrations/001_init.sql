-- Warning orders (脉动工单) received from the grid system (网格通).
CREATE TABLE alerts.warning_order (
  id text PRIMARY KEY,
  external_id text NOT NULL UNIQUE,
  customer_id text NOT NULL,
  msisdn text NOT NULL,
  city_code text NOT NULL,
  hall_code text,
  type text NOT NULL,
  raw_type text,
  level text NOT NULL CHECK (level IN ('HIGH', 'MEDIUM', 'LOW')),
  status text NOT NULL DEFAULT 'NEW' CHECK (status IN ('NEW', 'DELIVERED', 'ACKNOWLEDGED', 'HANDLED', 'EXPIRED')),
  content text NOT NULL,
  issued_at timestamptz NOT NULL,
  due_date date,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX warning_order_customer_idx ON alerts.warning_order (customer_id, status);
CREATE INDEX warning_order_hall_idx ON alerts.warning_order (hall_code, status);

CREATE TABLE alerts.seed_info (
  seed_date date NOT NULL,
  seeded_at timestamptz NOT NULL DEFAULT now()
);
