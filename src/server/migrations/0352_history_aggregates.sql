-- History before a unit's records begin, as the published figures (docs/domain.md, "History before the records"):
-- yearly or period aggregates such as "samlet set 49 henvendelser i årene 2010-2013" and "60 i 2014", so the action
-- plans' trend can show them beside the figures VINK counts from its own records. Counts only, no personal data;
-- a period is kept as published (never split into invented years).
CREATE TABLE history_aggregates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units (id),
  measure text NOT NULL CONSTRAINT history_aggregates_measure_ck CHECK (measure IN ('concerns_received', 'courses_started', 'cases_opened')),
  first_year smallint NOT NULL,
  last_year smallint NOT NULL,
  value integer NOT NULL CONSTRAINT history_aggregates_value_ck CHECK (value BETWEEN 0 AND 1000000),
  -- Where the figure is published (a plan or report, with its words).
  source text NOT NULL CONSTRAINT history_aggregates_source_ck CHECK (length(source) BETWEEN 1 AND 500),
  created_at timestamptz NOT NULL,
  CONSTRAINT history_aggregates_period_ck CHECK (last_year >= first_year AND first_year BETWEEN 1990 AND 2100),
  CONSTRAINT history_aggregates_uq UNIQUE (unit_id, measure, first_year, last_year)
);
COMMENT ON TABLE history_aggregates IS 'Published figures from before a unit''s records begin (counts, no personal data).';

GRANT SELECT ON history_aggregates TO vink_app;
ALTER TABLE history_aggregates ENABLE ROW LEVEL SECURITY;
ALTER TABLE history_aggregates FORCE ROW LEVEL SECURITY;
CREATE POLICY history_aggregates_system ON history_aggregates USING (current_user <> 'vink_app');
CREATE POLICY history_aggregates_scope ON history_aggregates TO vink_app USING (unit_id = ANY (vink_actor_units()));
