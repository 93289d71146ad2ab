-- Customer insight owns profiles, usage and holdings, plus the audit trail of who looked at whom.
CREATE TABLE customer_insight.city (
  code text PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE customer_insight.hall (
  code text PRIMARY KEY,
  city_code text NOT NULL REFERENCES customer_insight.city (code),
  name text NOT NULL,
  district text NOT NULL,
  address text NOT NULL,
  counters text[] NOT NULL DEFAULT '{}'
);

CREATE TABLE customer_insight.customer (
  id text PRIMARY KEY,
  msisdn text NOT NULL UNIQUE CHECK (msisdn ~ '^1[3-9][0-9]{9}$'),
  name text NOT NULL,
  gender char(1) NOT NULL CHECK (gender IN ('M', 'F')),
  birth_date date NOT NULL,
  id_number text NOT NULL,
  city_code text NOT NULL,
  hall_code text,
  segment text NOT NULL,
  joined_on date NOT NULL,
  arpu_cents integer NOT NULL,
  current_package_code text,
  tags text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX customer_city_idx ON customer_insight.customer (city_code);

CREATE TABLE customer_insight.usage_month (
  customer_id text NOT NULL,
  month text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
  data_mb integer NOT NULL,
  voice_minutes integer NOT NULL,
  sms_count integer NOT NULL,
  overage_cents integer NOT NULL,
  PRIMARY KEY (customer_id, month)
);

CREATE TABLE customer_insight.holding (
  id text PRIMARY KEY,
  customer_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('PACKAGE', 'PROMOTION', 'CONTRACT')),
  name text NOT NULL,
  package_code text,
  promotion_code text,
  tier_code text,
  start_date date NOT NULL,
  end_date date,
  monthly_fee_cents integer NOT NULL DEFAULT 0,
  CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX holding_customer_idx ON customer_insight.holding (customer_id, end_date);

-- PIPL: every look at a customer is recorded, with whether personal numbers were shown unmasked.
CREATE TABLE customer_insight.access_log (
  id bigserial PRIMARY KEY,
  staff_id text NOT NULL,
  city_code text NOT NULL,
  customer_id text NOT NULL,
  unmasked boolean NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX access_log_customer_idx ON customer_insight.access_log (customer_id, at);

CREATE TABLE customer_insight.seed_info (
  seed_date date NOT NULL,
  customers integer NOT NULL,
  seeded_at timestamptz NOT NULL DEFAULT now()
);
