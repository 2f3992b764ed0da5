-- The Infohus meeting (docs/domain.md, "The Infohus meeting"): a calendar of meetings per unit, participants picked
-- from the staff directory, an agenda of the concerns awaiting assessment and the cases due for review, and the
-- decision per item made in one sitting. Owned by the meetings module (src/server/modules/meetings/repo.ts). A
-- concern's decision itself is the concerns module's Infohus assessment (infohus_assessments); an item records which
-- assessment it led to, which organisations it was disclosed to, and which authority owns the follow-up.

CREATE TABLE infohus_meetings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units (id),
  meeting_on date NOT NULL,
  place text NOT NULL CONSTRAINT infohus_meetings_place_ck CHECK (length(place) BETWEEN 1 AND 200),
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1
);
COMMENT ON TABLE infohus_meetings IS 'Infohus meetings per unit: date and place. No citizen data.';
COMMENT ON COLUMN infohus_meetings.place IS 'Where the meeting is held; no personal data. Retention: with the meeting (case_closed class).';
CREATE INDEX infohus_meetings_unit_idx ON infohus_meetings (unit_id, meeting_on);

-- Participants are staff accounts from the directory; their organisation is taken from the account when the meeting
-- is planned, so the minutes keep the organisation as it was.
CREATE TABLE infohus_meeting_participants (
  meeting_id uuid NOT NULL REFERENCES infohus_meetings (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id),
  unit_id uuid NOT NULL REFERENCES units (id),
  organisation text CONSTRAINT infohus_meeting_participants_org_ck CHECK (length(organisation) BETWEEN 1 AND 200),
  CONSTRAINT infohus_meeting_participants_pk PRIMARY KEY (meeting_id, user_id)
);
COMMENT ON COLUMN infohus_meeting_participants.user_id IS 'Staff member taking part (staff data). Retention: with the meeting.';
COMMENT ON COLUMN infohus_meeting_participants.organisation IS 'The participant''s organisation when the meeting was planned (staff data). Retention: with the meeting.';
CREATE INDEX infohus_meeting_participants_user_idx ON infohus_meeting_participants (user_id);

-- One agenda item per concern awaiting assessment or case due for review. The decision fields are filled in the
-- meeting; shared_with lists the organisations the item was disclosed to (each with its legal basis in the
-- disclosures table), and only those organisations' minutes hold the item.
CREATE TABLE infohus_meeting_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL REFERENCES infohus_meetings (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  position integer NOT NULL CONSTRAINT infohus_meeting_items_position_ck CHECK (position >= 1),
  concern_id uuid REFERENCES concerns (id) ON DELETE CASCADE,
  case_id uuid REFERENCES cases (id) ON DELETE CASCADE,
  decision text CONSTRAINT infohus_meeting_items_decision_ck CHECK (decision IN ('justified', 'unfounded', 'reviewed')),
  reasoning text CONSTRAINT infohus_meeting_items_reasoning_ck CHECK (length(reasoning) BETWEEN 1 AND 5000),
  assessment_id uuid REFERENCES infohus_assessments (id),
  shared_with text[] NOT NULL DEFAULT '{}',
  follow_up_authority text CONSTRAINT infohus_meeting_items_authority_ck CHECK (length(follow_up_authority) BETWEEN 1 AND 200),
  follow_up_action text CONSTRAINT infohus_meeting_items_action_ck CHECK (length(follow_up_action) BETWEEN 1 AND 2000),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT infohus_meeting_items_subject_ck CHECK ((concern_id IS NULL) <> (case_id IS NULL)),
  CONSTRAINT infohus_meeting_items_kind_ck CHECK ((decision = 'reviewed') = (case_id IS NOT NULL) OR decision IS NULL),
  CONSTRAINT infohus_meeting_items_decided_ck CHECK ((decision IS NULL) = (decided_at IS NULL) AND (decision IS NULL) = (reasoning IS NULL)),
  CONSTRAINT infohus_meeting_items_concern_uq UNIQUE (meeting_id, concern_id),
  CONSTRAINT infohus_meeting_items_case_uq UNIQUE (meeting_id, case_id)
);
COMMENT ON COLUMN infohus_meeting_items.reasoning IS 'Free text by staff on the decision; may describe the person (sensitive, Art. 9/10). Retention: the record''s class (concern_unfounded or case_closed).';
COMMENT ON COLUMN infohus_meeting_items.shared_with IS 'Organisations the item was disclosed to in the meeting (legal basis in disclosures). Retention: the record''s class.';
COMMENT ON COLUMN infohus_meeting_items.follow_up_authority IS 'The authority that owns the follow-up action (each decides under its own law). Retention: the record''s class.';
COMMENT ON COLUMN infohus_meeting_items.follow_up_action IS 'Free text by staff: the follow-up action; may describe the person (sensitive). Retention: the record''s class.';
COMMENT ON COLUMN infohus_meeting_items.decided_by IS 'Staff member who recorded the decision. Retention: the record''s class.';
CREATE INDEX infohus_meeting_items_meeting_idx ON infohus_meeting_items (meeting_id, position);

GRANT SELECT, INSERT ON infohus_meetings, infohus_meeting_participants, infohus_meeting_items TO vink_app;
GRANT UPDATE (updated_at, version) ON infohus_meetings TO vink_app;
GRANT UPDATE (decision, reasoning, assessment_id, shared_with, follow_up_authority, follow_up_action, decided_by, decided_at, version)
  ON infohus_meeting_items TO vink_app;

-- Row-level security: the unit's meetings, or a meeting the actor takes part in. Items: the unit's, or (for a
-- participant from outside the unit's casework, police and partners) only when the meetings repository shows them,
-- which filters by the actor's organisation in shared_with; the restrictive policy keeps an item visible only with
-- its meeting.
CREATE FUNCTION vink_actor_in_meeting(p_meeting uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT EXISTS (SELECT 1 FROM infohus_meeting_participants WHERE meeting_id = p_meeting AND user_id = vink_actor_id()) $$;
REVOKE EXECUTE ON FUNCTION vink_actor_in_meeting(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vink_actor_in_meeting(uuid) TO vink_app;

ALTER TABLE infohus_meetings ENABLE ROW LEVEL SECURITY;
ALTER TABLE infohus_meetings FORCE ROW LEVEL SECURITY;
CREATE POLICY infohus_meetings_system ON infohus_meetings USING (current_user <> 'vink_app');
CREATE POLICY infohus_meetings_scope ON infohus_meetings TO vink_app
  USING (unit_id = ANY (vink_actor_units()) OR vink_actor_in_meeting(id))
  WITH CHECK (unit_id = ANY (vink_actor_units()));

ALTER TABLE infohus_meeting_participants ENABLE ROW LEVEL SECURITY;
ALTER TABLE infohus_meeting_participants FORCE ROW LEVEL SECURITY;
CREATE POLICY infohus_meeting_participants_system ON infohus_meeting_participants USING (current_user <> 'vink_app');
CREATE POLICY infohus_meeting_participants_scope ON infohus_meeting_participants TO vink_app
  USING (unit_id = ANY (vink_actor_units()) OR vink_actor_in_meeting(meeting_id))
  WITH CHECK (unit_id = ANY (vink_actor_units()));

ALTER TABLE infohus_meeting_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE infohus_meeting_items FORCE ROW LEVEL SECURITY;
CREATE POLICY infohus_meeting_items_system ON infohus_meeting_items USING (current_user <> 'vink_app');
CREATE POLICY infohus_meeting_items_scope ON infohus_meeting_items TO vink_app
  USING (unit_id = ANY (vink_actor_units()) OR vink_actor_in_meeting(meeting_id))
  WITH CHECK (unit_id = ANY (vink_actor_units()));
CREATE POLICY infohus_meeting_items_reach ON infohus_meeting_items AS RESTRICTIVE TO vink_app
  USING (EXISTS (SELECT 1 FROM infohus_meetings m WHERE m.id = meeting_id));

-- The person an agenda item is about, as the meeting shows it: to the unit's coordinators and managers, and to a
-- participant whose organisation the item was disclosed to in the meeting (with its legal basis in disclosures). Police
-- and partners need not otherwise reach the concern or case: the Infohus disclosure is what lets them see the name.
-- SECURITY DEFINER so the persons, concerns and cases policies do not hide the row; the checks are made here instead.
CREATE FUNCTION vink_meeting_item_person(p_item uuid) RETURNS TABLE (person_id uuid, full_name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT pe.id, pe.full_name
    FROM infohus_meeting_items i
    JOIN persons pe ON pe.id = coalesce((SELECT k.person_id FROM concerns k WHERE k.id = i.concern_id), (SELECT c.person_id FROM cases c WHERE c.id = i.case_id))
   WHERE i.id = p_item
     AND ((i.unit_id = ANY (vink_actor_units()) AND vink_actor_role() IN ('coordinator', 'manager'))
       OR (vink_actor_in_meeting(i.meeting_id) AND (SELECT u.organisation FROM users u WHERE u.id = vink_actor_id()) = ANY (i.shared_with)))
$$;
REVOKE EXECUTE ON FUNCTION vink_meeting_item_person(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vink_meeting_item_person(uuid) TO vink_app;
