-- When an order was last sent to the CRM: an order still SUBMITTED long after that has lost its
-- answer (the process died mid-call) and is reconciled against the CRM's own record.
ALTER TABLE orders.customer_order ADD COLUMN submitted_at timestamptz;
UPDATE orders.customer_order SET submitted_at = created_at;
ALTER TABLE orders.customer_order ALTER COLUMN submitted_at SET NOT NULL;
CREATE INDEX order_submitted_idx ON orders.customer_order (submitted_at) WHERE status = 'SUBMITTED';
