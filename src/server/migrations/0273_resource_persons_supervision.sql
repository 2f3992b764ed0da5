-- Resource persons and SSP (docs/domain.md, "Resource persons and SSP"): two more case member relations for partners
-- outside the unit — a resource person (e.g. a social worker who carries the 1-1 work with VINK's advice) and the SSP
-- cooperation (school, social services, police) — each recorded with a legal basis like any partner membership; and
-- the supervision sessions VINK gives them on the case.
ALTER TABLE case_members DROP CONSTRAINT case_members_relation_ck;
ALTER TABLE case_members ADD CONSTRAINT case_members_relation_ck
  CHECK (relation IN ('owner', 'adviser', 'police', 'partner', 'mentor', 'resource_person', 'ssp'));

CREATE TABLE supervision_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  -- The resource person or SSP member supervised (a member of the case in one of those relations).
  member_user_id uuid NOT NULL REFERENCES users (id),
  held_on date NOT NULL,
  duration_minutes integer NOT NULL CONSTRAINT supervision_sessions_duration_ck CHECK (duration_minutes BETWEEN 5 AND 600),
  topic text NOT NULL CONSTRAINT supervision_sessions_topic_ck CHECK (length(topic) BETWEEN 1 AND 500),
  recorded_by uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL
);
COMMENT ON TABLE supervision_sessions IS 'Supervision given by VINK to a case''s resource person or SSP member. Retention: case class (case_closed).';
COMMENT ON COLUMN supervision_sessions.topic IS 'Free text by staff: what the supervision was about; may describe the person (sensitive, Art. 9/10). Retention: case class (case_closed).';
COMMENT ON COLUMN supervision_sessions.member_user_id IS 'The supervised professional (staff data). Retention: case class (case_closed).';
CREATE INDEX supervision_sessions_case_idx ON supervision_sessions (case_id, held_on);

GRANT SELECT, INSERT ON supervision_sessions TO vink_app;
ALTER TABLE supervision_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE supervision_sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY supervision_sessions_system ON supervision_sessions USING (current_user <> 'vink_app');
CREATE POLICY supervision_sessions_scope ON supervision_sessions TO vink_app
  USING (unit_id = ANY (vink_actor_units()) OR vink_actor_is_member(case_id))
  WITH CHECK (unit_id = ANY (vink_actor_units()) OR vink_actor_is_member(case_id));
CREATE POLICY supervision_sessions_reach ON supervision_sessions AS RESTRICTIVE TO vink_app USING (
     unit_id = ANY ((SELECT vink_reach_units('supervision'))::uuid[])
  OR case_id IN (SELECT vink_reach_case_ids('supervision', false)));
