-- How many of a tier's gifts one customer may choose (任选一、任选二): the tier's own rule, which
-- the handling flow enforces and the recommendation card suggests no more than.
ALTER TABLE catalog.promotion_tier ADD COLUMN gift_choices integer NOT NULL DEFAULT 1 CHECK (gift_choices BETWEEN 0 AND 10);
