-- Transitions (docs/domain.md, "Transitions"): a case's person leaves custody or prison on a known date, or turns 18;
-- the case owner gets a task some days before, to prepare what follows (housing, school or work, the move from
-- children's to adults' services). Release dates are recorded on the case; turning 18 follows from the birth date.
CREATE TABLE case_transitions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  kind text NOT NULL CONSTRAINT case_transitions_kind_ck CHECK (kind IN ('custody_release', 'prison_release')),
  due_on date NOT NULL,
  -- The task falls due this many days before the transition.
  notice_days smallint NOT NULL DEFAULT 30 CONSTRAINT case_transitions_notice_ck CHECK (notice_days BETWEEN 1 AND 180),
  status text NOT NULL DEFAULT 'planned' CONSTRAINT case_transitions_status_ck CHECK (status IN ('planned', 'prepared', 'cancelled')),
  version integer NOT NULL DEFAULT 1,
  recorded_by uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
COMMENT ON TABLE case_transitions IS 'Release dates (custody, prison) of a case''s person. Retention: case class (case_closed), with the case.';
COMMENT ON COLUMN case_transitions.kind IS 'Custody or prison release of the person: sensitive (Art. 10, criminal matters). Retention: case class, kept as a counted fact after anonymisation.';
CREATE INDEX case_transitions_case_idx ON case_transitions (case_id, due_on);

INSERT INTO task_kinds (kind) VALUES ('release_transition'), ('turns_18');

GRANT SELECT, INSERT, UPDATE ON case_transitions TO vink_app;
ALTER TABLE case_transitions ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_transitions FORCE ROW LEVEL SECURITY;
CREATE POLICY case_transitions_system ON case_transitions USING (current_user <> 'vink_app');
CREATE POLICY case_transitions_scope ON case_transitions TO vink_app
  USING (unit_id = ANY (vink_actor_units()) OR vink_actor_is_member(case_id))
  WITH CHECK (unit_id = ANY (vink_actor_units()) OR vink_actor_is_member(case_id));
