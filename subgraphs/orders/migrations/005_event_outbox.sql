-- Events decided in a transaction (an order completed) are staged here with it and published to
-- the bus after the commit; a row left behind by a crash is published by the relay (lib/events/outbox.ts).
CREATE TABLE orders.event_outbox (
  id bigserial PRIMARY KEY,
  subject text NOT NULL,
  data jsonb NOT NULL,
  staged_at timestamptz NOT NULL DEFAULT now()
);
