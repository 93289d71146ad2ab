-- A warning order's text is read after the order is stored, off the grid system's ingest path:
-- parsed IS NULL marks one still to read. due_from_text: the due date came from the text, not the
-- sender, so a later reading may replace it.
ALTER TABLE alerts.warning_order ADD COLUMN due_from_text boolean NOT NULL DEFAULT false;
UPDATE alerts.warning_order SET due_from_text = true WHERE due_date IS NOT NULL AND parsed->>'dueDate' = due_date::text;
CREATE INDEX warning_order_unread_idx ON alerts.warning_order (received_at) WHERE parsed IS NULL;
