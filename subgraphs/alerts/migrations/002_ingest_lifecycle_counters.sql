-- Warning orders arrive from the grid system by number, not by our customer id; the text is parsed
-- and kept with its parse status; the lifecycle is recorded step by step.
ALTER TABLE alerts.warning_order ALTER COLUMN customer_id DROP NOT NULL;
ALTER TABLE alerts.warning_order
  ADD COLUMN parsed jsonb,
  ADD COLUMN parse_status text NOT NULL DEFAULT 'UNPARSED' CHECK (parse_status IN ('PARSED', 'PARTIAL', 'UNPARSED')),
  ADD COLUMN delivered_at timestamptz,
  ADD COLUMN delivered_counter text,
  ADD COLUMN delivered_event bigint,
  ADD COLUMN acknowledged_at timestamptz,
  ADD COLUMN acknowledged_by text,
  ADD COLUMN handled_at timestamptz,
  ADD COLUMN handled_by text,
  ADD COLUMN outcome text CHECK (outcome IN ('RETAINED', 'UPGRADED', 'RESOLVED', 'LOST', 'UNREACHABLE', 'OTHER')),
  ADD COLUMN outcome_note text,
  ADD COLUMN expired_at timestamptz;
UPDATE alerts.warning_order SET raw_type = type WHERE raw_type IS NULL;
ALTER TABLE alerts.warning_order ALTER COLUMN raw_type SET NOT NULL;
CREATE INDEX warning_order_msisdn_idx ON alerts.warning_order (msisdn, status);
CREATE INDEX warning_order_handled_idx ON alerts.warning_order (handled_at) WHERE status = 'HANDLED';
CREATE INDEX warning_order_open_due_idx ON alerts.warning_order (due_date) WHERE status IN ('NEW', 'DELIVERED', 'ACKNOWLEDGED');

-- A clerk's service session at a counter; the customer identified last.
CREATE TABLE alerts.counter_session (
  counter text PRIMARY KEY,
  hall_code text NOT NULL,
  city_code text NOT NULL,
  staff_id text NOT NULL,
  opened_at timestamptz NOT NULL,
  closed_at timestamptz,
  current_msisdn text,
  identified_at timestamptz,
  last_event bigint
);
