-- The learning recommender reads outcomes in the order they were written: a sequence, and the
-- database's own time of writing (a row is settled, and never re-read, once it is older than a
-- few seconds: a transaction that took a lower number commits within that).
ALTER TABLE catalog.recommendation_event ADD COLUMN seq bigserial;
ALTER TABLE catalog.recommendation_event ADD COLUMN inserted_at timestamptz NOT NULL DEFAULT now();
CREATE UNIQUE INDEX recommendation_event_seq_idx ON catalog.recommendation_event (seq);
