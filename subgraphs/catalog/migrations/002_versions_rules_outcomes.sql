-- Catalogue versions: every import (and the seed) is a new version; the live tables hold the
-- newest, and each version's full content stays readable.
CREATE TABLE catalog.catalog_version (
  version integer PRIMARY KEY,
  source text NOT NULL CHECK (source IN ('seed', 'import')),
  format text NOT NULL CHECK (format IN ('seed', 'json', 'csv')),
  note text NOT NULL DEFAULT '',
  imported_by text NOT NULL,
  imported_at timestamptz NOT NULL,
  package_count integer NOT NULL,
  promotion_count integer NOT NULL,
  tier_count integer NOT NULL,
  content jsonb NOT NULL
);

-- Marketing rule sets, versioned per city. A published version is in force from effective_from
-- until a later-effective one replaces it; drafts are never in force.
CREATE TABLE catalog.rule_set (
  city text NOT NULL,
  version integer NOT NULL,
  name text NOT NULL,
  status text NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED')),
  source_yaml text NOT NULL,
  document jsonb NOT NULL,
  note text NOT NULL DEFAULT '',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  published_by text,
  published_at timestamptz,
  effective_from timestamptz,
  PRIMARY KEY (city, version),
  CHECK ((status = 'PUBLISHED') = (effective_from IS NOT NULL AND published_at IS NOT NULL))
);
CREATE INDEX rule_set_in_force_idx ON catalog.rule_set (city, effective_from DESC, version DESC) WHERE status = 'PUBLISHED';

-- What happened to each card: shown, accepted, declined, deferred, and ordered (from the order
-- subgraph's events). One row per card and outcome, so retries count once.
CREATE TABLE catalog.recommendation_event (
  card_id text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('SHOWN', 'ACCEPTED', 'DECLINED', 'DEFERRED', 'ORDERED')),
  reason text,
  customer_id text NOT NULL,
  package_code text NOT NULL,
  tier_code text,
  rule_ids text[] NOT NULL,
  rule_set_version integer NOT NULL,
  scenario text NOT NULL,
  city text NOT NULL,
  hall_code text,
  staff_id text NOT NULL,
  order_id text,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (card_id, outcome)
);
CREATE INDEX recommendation_event_city_time_idx ON catalog.recommendation_event (city, recorded_at);
