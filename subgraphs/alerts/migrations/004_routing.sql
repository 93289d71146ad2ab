-- Orders the grid system sent without a hall go to the customer's home hall, as customer insight
-- knows it (asked through the graph). routed_at: when that was settled, found or not.
ALTER TABLE alerts.warning_order ADD COLUMN routed_at timestamptz;
UPDATE alerts.warning_order SET routed_at = received_at WHERE hall_code IS NOT NULL;
CREATE INDEX warning_order_unrouted_idx ON alerts.warning_order (received_at) WHERE routed_at IS NULL;
