-- 0342 The strategy's goals (issue 14, item 1; docs/domain.md, "The strategy's goals"): fewer radicalised and at-risk
-- citizens, measured as the persons by prevention level at each year's end, as a trend. A case keeps only its current
-- level, so the level in force at a past year's end was lost when it changed; from now on every level a case has had
-- is kept with the moment it took effect. Written by a trigger on cases, so no path that sets the level can skip it.
CREATE TABLE case_prevention_levels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL CONSTRAINT case_prevention_levels_case_fk REFERENCES cases (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL CONSTRAINT case_prevention_levels_unit_fk REFERENCES units (id),
  prevention_level text NOT NULL CONSTRAINT case_prevention_levels_level_ck CHECK (prevention_level IN ('green', 'yellow', 'red')),
  valid_from timestamptz NOT NULL
);
COMMENT ON TABLE case_prevention_levels IS 'Every prevention level a case has had, from when. Codes only, no free text. Retention: with the case (case class).';
CREATE INDEX case_prevention_levels_case_idx ON case_prevention_levels (case_id, valid_from);

-- The levels cases have now, from when the case was made (the best that is known of the past).
INSERT INTO case_prevention_levels (case_id, unit_id, prevention_level, valid_from)
  SELECT id, unit_id, prevention_level, created_at FROM cases;

-- A new case's level from its creation; a changed level from the change (the application sets updated_at to its clock).
CREATE FUNCTION vink_case_prevention_level() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO case_prevention_levels (case_id, unit_id, prevention_level, valid_from) VALUES (NEW.id, NEW.unit_id, NEW.prevention_level, NEW.created_at);
  ELSIF NEW.prevention_level IS DISTINCT FROM OLD.prevention_level THEN
    INSERT INTO case_prevention_levels (case_id, unit_id, prevention_level, valid_from) VALUES (NEW.id, NEW.unit_id, NEW.prevention_level, NEW.updated_at);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER cases_prevention_level_history AFTER INSERT OR UPDATE OF prevention_level ON cases
  FOR EACH ROW EXECUTE FUNCTION vink_case_prevention_level();

GRANT SELECT ON case_prevention_levels TO vink_app;
ALTER TABLE case_prevention_levels ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_prevention_levels FORCE ROW LEVEL SECURITY;
CREATE POLICY case_prevention_levels_system ON case_prevention_levels USING (current_user <> 'vink_app');
-- Visible exactly when the case is (the subquery runs under the cases' own policies).
CREATE POLICY case_prevention_levels_scope ON case_prevention_levels FOR SELECT TO vink_app
  USING (EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id));
