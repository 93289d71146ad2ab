-- Rule-set experiments: a draft tried against the rules in force on a share of a city's customers.
-- One runs per city at a time. Each outcome says which experiment and arm its card was ranked in.
CREATE TABLE catalog.rule_experiment (
  id text PRIMARY KEY,
  city text NOT NULL,
  name text NOT NULL,
  candidate_version integer NOT NULL,
  split text NOT NULL CHECK (split IN ('CUSTOMER', 'HALL')),
  share double precision NOT NULL CHECK (share > 0 AND share < 1),
  status text NOT NULL CHECK (status IN ('RUNNING', 'PROMOTED', 'STOPPED')),
  started_by text NOT NULL,
  started_at timestamptz NOT NULL,
  ended_by text,
  ended_at timestamptz,
  FOREIGN KEY (city, candidate_version) REFERENCES catalog.rule_set (city, version)
);
CREATE UNIQUE INDEX rule_experiment_running_idx ON catalog.rule_experiment (city) WHERE status = 'RUNNING';
CREATE INDEX rule_experiment_city_idx ON catalog.rule_experiment (city, started_at DESC);

ALTER TABLE catalog.recommendation_event ADD COLUMN experiment_id text;
ALTER TABLE catalog.recommendation_event ADD COLUMN arm text CHECK (arm IN ('CONTROL', 'CANDIDATE'));
CREATE INDEX recommendation_event_experiment_idx ON catalog.recommendation_event (experiment_id) WHERE experiment_id IS NOT NULL;
