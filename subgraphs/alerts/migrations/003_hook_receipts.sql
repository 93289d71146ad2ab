-- A signed hook is accepted once: each signature is remembered while its timestamp is inside the
-- signing window, so a captured or repeated request is refused instead of making a second event.
CREATE TABLE alerts.hook_receipt (
  signature text PRIMARY KEY,
  hook text NOT NULL,
  received_at timestamptz NOT NULL,
  event_id bigint
);
CREATE INDEX hook_receipt_received_idx ON alerts.hook_receipt (received_at);
