-- Children (barnets lov § 133, since 1 January 2024) and the intake's religion-only check (docs/domain.md, "The flow
-- of a concern", step 2). Owned by the concerns module (src/server/modules/concerns/repo.ts).

-- The intake's answer to "is the person under 18?" when the person's birth date is unknown: an unknown birth date is
-- asked, never assumed adult. NULL when the birth date was known at intake.
ALTER TABLE concerns ADD COLUMN minor_stated text CONSTRAINT concerns_minor_stated_ck CHECK (minor_stated IN ('yes', 'no', 'unknown'));
COMMENT ON COLUMN concerns.minor_stated IS 'Personal data (ordinary): stated age band of the person when no birth date is known. Retention: concern/case class.';

-- A description that names only religious practice, appearance or belief is stopped at intake unless the adviser
-- states why it must be saved (src/shared/religion-check.ts). The reason and the term list's version are kept, and
-- the overrides are counted for the manager and the DPO.
ALTER TABLE concerns ADD COLUMN religion_override_reason text
  CONSTRAINT concerns_religion_override_reason_ck CHECK (length(religion_override_reason) BETWEEN 1 AND 1000);
ALTER TABLE concerns ADD COLUMN religion_terms_version integer;
ALTER TABLE concerns ADD CONSTRAINT concerns_religion_override_ck
  CHECK ((religion_override_reason IS NULL) = (religion_terms_version IS NULL));
COMMENT ON COLUMN concerns.religion_override_reason IS
  'Free text by staff on why a religion-only description was saved; may name the person (sensitive, Art. 9). Retention: concern/case class.';

-- The decision on the report to the children and youth authority for a minor's concern (barnets lov § 133): made or
-- not and why, to whom, when, by whom. One decision per concern, never overwritten.
CREATE TABLE concern_child_reports (
  concern_id uuid PRIMARY KEY REFERENCES concerns (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  made boolean NOT NULL,
  reason text CONSTRAINT concern_child_reports_reason_ck CHECK (length(reason) BETWEEN 1 AND 2000),
  recipient text CONSTRAINT concern_child_reports_recipient_ck CHECK (length(recipient) BETWEEN 1 AND 200),
  reported_at timestamptz,
  recorded_by uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL,
  -- Made: to whom and when. Not made: why.
  CONSTRAINT concern_child_reports_made_ck CHECK (
    (made AND recipient IS NOT NULL AND reported_at IS NOT NULL) OR (NOT made AND reason IS NOT NULL AND recipient IS NULL AND reported_at IS NULL))
);
COMMENT ON TABLE concern_child_reports IS 'The decision on the report to the children and youth authority (barnets lov § 133) for a minor''s concern.';
COMMENT ON COLUMN concern_child_reports.reason IS 'Free text by staff on why a report was or was not made; may describe the child (sensitive, Art. 9/10). Retention: with the concern.';
COMMENT ON COLUMN concern_child_reports.recipient IS 'The authority (and possibly the person) reported to; staff or organisation data. Retention: with the concern.';
COMMENT ON COLUMN concern_child_reports.recorded_by IS 'Staff member who recorded the decision. Retention: with the concern.';

GRANT SELECT, INSERT ON concern_child_reports TO vink_app;

-- Row-level security like its parent: the unit's rows or a concern shared with the actor, and (restrictive) visible
-- exactly when the concern is (the subquery runs under the concern's policies; migrations 0002 and 0120).
ALTER TABLE concern_child_reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE concern_child_reports FORCE ROW LEVEL SECURITY;
CREATE POLICY concern_child_reports_system ON concern_child_reports USING (current_user <> 'vink_app');
CREATE POLICY concern_child_reports_scope ON concern_child_reports TO vink_app
  USING (unit_id = ANY (vink_actor_units()) OR vink_actor_has_concern(concern_id))
  WITH CHECK (unit_id = ANY (vink_actor_units()) OR vink_actor_has_concern(concern_id));
CREATE POLICY concern_child_reports_reach ON concern_child_reports AS RESTRICTIVE TO vink_app
  USING (EXISTS (SELECT 1 FROM concerns k WHERE k.id = concern_id));

-- The task "record the child-report decision within 24 hours" (src/server/modules/tasks/repo.ts).
ALTER TABLE tasks DROP CONSTRAINT tasks_kind_ck;
ALTER TABLE tasks ADD CONSTRAINT tasks_kind_ck
  CHECK (kind IN ('triage_deadline', 'reoffer_3m', 'reoffer_6m', 'reassessment', 'follow_up_6m', 'follow_up_12m', 'child_report'));

-- The count of concerns saved past the religion-only check in the actor's units: a figure without personal data for
-- the manager and the DPO (policy concern.religion_overrides, checked by the server), who need not read concerns to
-- see it. Runs as the owner so the concerns' row-level security does not hide the rows being counted.
CREATE FUNCTION vink_religion_override_count() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT count(*) FROM concerns WHERE religion_override_reason IS NOT NULL AND unit_id = ANY (vink_actor_units())
$$;
REVOKE EXECUTE ON FUNCTION vink_religion_override_count() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vink_religion_override_count() TO vink_app;
