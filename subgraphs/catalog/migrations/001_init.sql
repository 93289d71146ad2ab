-- The catalogue the city marketing department maintains: packages and promotions
-- (promotion → batches → tiers → fees and gifts).
CREATE TABLE catalog.package (
  code text PRIMARY KEY,
  name text NOT NULL,
  brand text NOT NULL,
  family text NOT NULL,
  audience text NOT NULL DEFAULT 'GENERAL',
  monthly_fee_cents integer NOT NULL CHECK (monthly_fee_cents >= 0),
  data_gb double precision NOT NULL DEFAULT 0,
  voice_minutes integer NOT NULL DEFAULT 0,
  is_5g boolean NOT NULL DEFAULT false,
  broadband_mbps integer,
  contract_months integer NOT NULL DEFAULT 0,
  status text NOT NULL CHECK (status IN ('ONLINE', 'OFFLINE')),
  valid_from date NOT NULL,
  valid_to date,
  cities text[] NOT NULL,
  description text NOT NULL DEFAULT ''
);
CREATE INDEX package_cities_idx ON catalog.package USING gin (cities);

CREATE TABLE catalog.promotion (
  code text PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL,
  description text NOT NULL DEFAULT '',
  cities text[] NOT NULL,
  families text[] NOT NULL
);

CREATE TABLE catalog.promotion_batch (
  code text PRIMARY KEY,
  promotion_code text NOT NULL REFERENCES catalog.promotion (code),
  name text NOT NULL,
  valid_from date NOT NULL,
  valid_to date NOT NULL CHECK (valid_to >= valid_from)
);
CREATE INDEX batch_promotion_idx ON catalog.promotion_batch (promotion_code);

CREATE TABLE catalog.promotion_tier (
  code text PRIMARY KEY,
  batch_code text NOT NULL REFERENCES catalog.promotion_batch (code),
  ordinal integer NOT NULL,
  name text NOT NULL,
  min_monthly_fee_cents integer NOT NULL,
  contract_months integer NOT NULL,
  monthly_discount_cents integer NOT NULL DEFAULT 0
);
CREATE INDEX tier_batch_idx ON catalog.promotion_tier (batch_code);

CREATE TABLE catalog.tier_fee (
  tier_code text NOT NULL REFERENCES catalog.promotion_tier (code),
  kind text NOT NULL CHECK (kind IN ('PREPAYMENT', 'DEPOSIT', 'ONE_TIME')),
  amount_cents integer NOT NULL CHECK (amount_cents >= 0),
  PRIMARY KEY (tier_code, kind)
);

CREATE TABLE catalog.gift (
  code text PRIMARY KEY,
  tier_code text NOT NULL REFERENCES catalog.promotion_tier (code),
  name text NOT NULL,
  value_cents integer NOT NULL,
  stock integer NOT NULL CHECK (stock >= 0)
);
CREATE INDEX gift_tier_idx ON catalog.gift (tier_code);

CREATE TABLE catalog.seed_info (
  seed_date date NOT NULL,
  seeded_at timestamptz NOT NULL DEFAULT now()
);
