-- The SMS gateway simulator's outbox (sms/outbox.ts): what was sent to which customer, and why.
-- Confirmations are found by their one-time token.
CREATE TABLE orders.sms_outbox (
  id text PRIMARY KEY,
  to_msisdn text NOT NULL,
  customer_id text NOT NULL,
  city_code text NOT NULL,
  purpose text NOT NULL,
  text text NOT NULL,
  sent_at timestamptz NOT NULL
);
CREATE INDEX sms_outbox_city_idx ON orders.sms_outbox (city_code, sent_at DESC);
CREATE INDEX handling_session_confirmation_idx ON orders.handling_session ((confirmation->>'token')) WHERE confirmation IS NOT NULL;
