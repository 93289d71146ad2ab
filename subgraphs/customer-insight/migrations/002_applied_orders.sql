-- Orders whose change (as the CRM reported it on the bus) has been applied to the customer's
-- holdings: the bus delivers at least once, and an order changes the customer once.
CREATE TABLE customer_insight.applied_order (
  order_id text PRIMARY KEY,
  customer_id text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);
