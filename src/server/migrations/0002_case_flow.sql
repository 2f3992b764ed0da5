-- 0002 The case flow (DOMAIN.md, "The flow of a concern"): advisory calls, concerns with observed behaviour and the
-- triage clock, police check, Infohus assessment with disclosures and their legal basis, case workflow, assessments
-- on the national tool's nine dimensions, offers and re-offers, courses and sessions, follow-ups, and tasks.

-- Behaviour indicators: a configurable list. A concern must name at least one (never faith or opinion alone).
CREATE TABLE behaviour_indicators (
  code text PRIMARY KEY CONSTRAINT behaviour_indicators_code_ck CHECK (code ~ '^[a-z_]{2,60}$'),
  label_da text NOT NULL,
  label_en text NOT NULL,
  position smallint NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true
);
INSERT INTO behaviour_indicators (code, label_da, label_en, position) VALUES
  ('violence_glorification', 'Forherliger eller billiger vold', 'Glorifies or condones violence', 1),
  ('threats', 'Fremsætter trusler', 'Makes threats', 2),
  ('propaganda_sharing', 'Deler ekstremistisk propaganda', 'Shares extremist propaganda', 3),
  ('extremist_contacts', 'Kontakt til ekstremistiske miljøer', 'Contact with extremist environments', 4),
  ('travel_conflict_zone', 'Planer om udrejse til konfliktzone', 'Plans to travel to a conflict zone', 5),
  ('weapons_interest', 'Interesse for våben eller sprængstof', 'Interest in weapons or explosives', 6),
  ('sudden_isolation', 'Pludselig isolation eller brud med familie og venner', 'Sudden isolation or break with family and friends', 7),
  ('recruitment', 'Forsøger at hverve andre', 'Tries to recruit others', 8),
  ('hate_speech', 'Hadefuld tale mod grupper', 'Hate speech against groups', 9),
  ('other_behaviour', 'Anden konkret adfærd (beskrives)', 'Other concrete behaviour (described)', 99);

-- Advisory calls. Anonymous by design: there is no person column. A call forwarded as a concern links to it.
CREATE TABLE calls (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units (id),
  received_at timestamptz NOT NULL,
  channel text NOT NULL CONSTRAINT calls_channel_ck CHECK (channel IN ('vink_line', 'national_hotline', 'email', 'web')),
  caller_type text NOT NULL CONSTRAINT calls_caller_type_ck CHECK (caller_type IN ('professional', 'parent', 'relative', 'citizen', 'anonymous')),
  caller_sector text CONSTRAINT calls_caller_sector_ck CHECK (caller_sector IN ('school', 'club', 'social_services', 'psychiatry', 'housing', 'police', 'other')),
  topic text NOT NULL CONSTRAINT calls_topic_ck CHECK (length(topic) BETWEEN 1 AND 500),
  ideology_area text NOT NULL CONSTRAINT calls_ideology_area_ck CHECK (ideology_area IN ('militant_islamism', 'right_wing', 'left_wing', 'other_unclear', 'none')),
  outcome text NOT NULL CONSTRAINT calls_outcome_ck CHECK (outcome IN ('advice_only', 'forwarded_concern', 'child_at_risk_report', 'acute_police')),
  duration_minutes smallint CONSTRAINT calls_duration_ck CHECK (duration_minutes BETWEEN 0 AND 600),
  concern_id uuid,
  handled_by uuid NOT NULL REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT calls_sector_ck CHECK ((caller_type = 'professional') = (caller_sector IS NOT NULL))
);
CREATE INDEX calls_unit_idx ON calls (unit_id, received_at);
COMMENT ON COLUMN calls.topic IS 'Short free text; must not identify a person (anonymous call). Retention: statistics class, 5 years.';

-- Concerns about a person. Behaviour is required (concern_behaviours + behaviour_description).
CREATE TABLE concerns (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units (id),
  received_at timestamptz NOT NULL,
  channel text NOT NULL CONSTRAINT concerns_channel_ck CHECK (channel IN ('call', 'professional', 'partner', 'web_form')),
  call_id uuid REFERENCES calls (id),
  reporter_anonymous boolean NOT NULL DEFAULT false,
  reporter_name text,
  reporter_contact text,
  reporter_organisation text,
  person_id uuid NOT NULL REFERENCES persons (id),
  ideology_area text NOT NULL CONSTRAINT concerns_ideology_area_ck CHECK (ideology_area IN ('militant_islamism', 'right_wing', 'left_wing', 'other_unclear')),
  severity text NOT NULL CONSTRAINT concerns_severity_ck CHECK (severity IN ('acute', 'high', 'medium', 'low')),
  behaviour_description text NOT NULL CONSTRAINT concerns_behaviour_description_ck CHECK (length(behaviour_description) BETWEEN 10 AND 5000),
  status text NOT NULL DEFAULT 'received' CONSTRAINT concerns_status_ck CHECK (status IN
    ('received', 'police_check', 'infohus', 'justified', 'unfounded', 'police_took_over')),
  triage_deadline_at timestamptz NOT NULL,
  triaged_at timestamptz,
  handled_in_time boolean,
  police_check_outcome text CONSTRAINT concerns_police_check_outcome_ck CHECK (police_check_outcome IN ('clear', 'police_take_over', 'acute')),
  police_checked_at timestamptz,
  police_checked_by uuid REFERENCES users (id),
  coordinator_id uuid REFERENCES users (id),
  registered_by uuid NOT NULL REFERENCES users (id),
  case_id uuid REFERENCES cases (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT concerns_reporter_ck CHECK (NOT reporter_anonymous OR (reporter_name IS NULL AND reporter_contact IS NULL))
);
CREATE INDEX concerns_unit_status_idx ON concerns (unit_id, status, triage_deadline_at);
CREATE INDEX concerns_person_idx ON concerns (person_id);
ALTER TABLE calls ADD CONSTRAINT calls_concern_fk FOREIGN KEY (concern_id) REFERENCES concerns (id);
COMMENT ON COLUMN concerns.behaviour_description IS 'Observed behaviour; sensitive (Art. 9/10). Retention: unfounded concerns deleted after 6 months, justified with the case.';
COMMENT ON COLUMN concerns.reporter_name IS 'Reporter identity (only if given). Retention: with the concern.';
COMMENT ON COLUMN concerns.reporter_contact IS 'Reporter contact (only if given). Retention: with the concern.';
COMMENT ON COLUMN concerns.handled_in_time IS 'Set when triaged: triaged_at <= triage_deadline_at. Feeds the action-plan KPI.';

CREATE TABLE concern_behaviours (
  concern_id uuid NOT NULL REFERENCES concerns (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  indicator_code text NOT NULL REFERENCES behaviour_indicators (code),
  PRIMARY KEY (concern_id, indicator_code)
);

-- Who outside the unit's own staff a concern is shared with (police liaison for the police check, Infohus partners).
CREATE TABLE concern_shares (
  concern_id uuid NOT NULL REFERENCES concerns (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id),
  unit_id uuid NOT NULL REFERENCES units (id),
  legal_basis text NOT NULL CONSTRAINT concern_shares_legal_basis_ck CHECK (legal_basis IN ('retsplejeloven_115', 'serviceloven', 'consent', 'other')),
  shared_at timestamptz NOT NULL,
  shared_by uuid REFERENCES users (id),
  PRIMARY KEY (concern_id, user_id)
);

-- The Infohus meeting's qualification of a concern.
CREATE TABLE infohus_assessments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  concern_id uuid NOT NULL CONSTRAINT infohus_assessments_concern_uq UNIQUE REFERENCES concerns (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  meeting_date date NOT NULL,
  participants text[] NOT NULL DEFAULT '{}',
  decision text NOT NULL CONSTRAINT infohus_assessments_decision_ck CHECK (decision IN ('justified', 'unfounded')),
  reasoning text NOT NULL CONSTRAINT infohus_assessments_reasoning_ck CHECK (length(reasoning) BETWEEN 1 AND 5000),
  decided_by uuid NOT NULL REFERENCES users (id),
  decided_at timestamptz NOT NULL
);
COMMENT ON COLUMN infohus_assessments.reasoning IS 'Sensitive (Art. 9/10). Retention: with the concern.';

-- Every disclosure of personal data to a partner, with its legal basis (retsplejeloven § 115, serviceloven, consent).
CREATE TABLE disclosures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units (id),
  concern_id uuid REFERENCES concerns (id) ON DELETE CASCADE,
  case_id uuid REFERENCES cases (id) ON DELETE CASCADE,
  partner_organisation text NOT NULL CONSTRAINT disclosures_partner_ck CHECK (length(partner_organisation) BETWEEN 1 AND 200),
  recipient_user_id uuid REFERENCES users (id),
  legal_basis text NOT NULL CONSTRAINT disclosures_legal_basis_ck CHECK (legal_basis IN ('retsplejeloven_115', 'serviceloven', 'consent', 'other')),
  legal_basis_text text,
  content_summary text NOT NULL CONSTRAINT disclosures_content_ck CHECK (length(content_summary) BETWEEN 1 AND 1000),
  disclosed_at timestamptz NOT NULL,
  disclosed_by uuid NOT NULL REFERENCES users (id),
  CONSTRAINT disclosures_subject_ck CHECK (concern_id IS NOT NULL OR case_id IS NOT NULL),
  CONSTRAINT disclosures_other_text_ck CHECK (legal_basis <> 'other' OR length(coalesce(legal_basis_text, '')) > 0)
);

-- Case workflow: more statuses, ideology area and reopening.
ALTER TABLE cases DROP CONSTRAINT cases_status_ck;
ALTER TABLE cases DROP CONSTRAINT cases_closed_ck;
ALTER TABLE cases ADD CONSTRAINT cases_status_ck CHECK (status IN ('open', 'offer', 'course', 'follow_up', 'closed'));
ALTER TABLE cases ADD CONSTRAINT cases_closed_ck CHECK ((status = 'closed') = (closed_at IS NOT NULL));
ALTER TABLE cases ADD COLUMN ideology_area text CONSTRAINT cases_ideology_area_ck CHECK (ideology_area IN ('militant_islamism', 'right_wing', 'left_wing', 'other_unclear'));

CREATE TABLE case_status_changes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  from_status text NOT NULL,
  to_status text NOT NULL,
  reason text,
  changed_at timestamptz NOT NULL,
  changed_by uuid NOT NULL REFERENCES users (id)
);

-- The assessment tool is data: versioned instruments with their dimensions and scale.
CREATE TABLE assessment_instruments (
  id text PRIMARY KEY,
  name text NOT NULL,
  version integer NOT NULL,
  scale jsonb NOT NULL,
  active boolean NOT NULL DEFAULT true
);
CREATE TABLE assessment_dimensions (
  instrument_id text NOT NULL REFERENCES assessment_instruments (id),
  code text NOT NULL,
  position smallint NOT NULL,
  label_da text NOT NULL,
  label_en text NOT NULL,
  PRIMARY KEY (instrument_id, code)
);
INSERT INTO assessment_instruments (id, name, version, scale) VALUES
  ('national-v1', 'Nationalt vurderingsværktøj', 1,
   '[{"value":0,"da":"Ingen","en":"None"},{"value":1,"da":"Lav","en":"Low"},{"value":2,"da":"Moderat","en":"Moderate"},{"value":3,"da":"Høj","en":"High"}]');
INSERT INTO assessment_dimensions (instrument_id, code, position, label_da, label_en) VALUES
  ('national-v1', 'convictions_rhetoric', 1, 'Bekymrende overbevisninger og retorik', 'Concerning convictions and rhetoric'),
  ('national-v1', 'personality', 2, 'Personlighedsfaktorer', 'Personality factors'),
  ('national-v1', 'violence', 3, 'Villighed til at anvende vold', 'Willingness to use violence'),
  ('national-v1', 'mental_vulnerability', 4, 'Mental sårbarhed', 'Mental vulnerability'),
  ('national-v1', 'criminal_history', 5, 'Kriminel historik', 'Criminal history'),
  ('national-v1', 'family', 6, 'Familie', 'Family'),
  ('national-v1', 'socialisation', 7, 'Bekymrende socialisering og relationer', 'Concerning socialisation and relationships'),
  ('national-v1', 'network_leisure', 8, 'Netværk og fritid', 'Network and spare time'),
  ('national-v1', 'education_employment', 9, 'Uddannelse og beskæftigelse', 'Education and employment');

CREATE TABLE assessments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  instrument_id text NOT NULL REFERENCES assessment_instruments (id),
  kind text NOT NULL CONSTRAINT assessments_kind_ck CHECK (kind IN ('start', 'six_months', 'end', 'other')),
  assessed_on date NOT NULL,
  summary text CONSTRAINT assessments_summary_ck CHECK (length(summary) <= 5000),
  assessed_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX assessments_case_idx ON assessments (case_id, assessed_on);
CREATE TABLE assessment_ratings (
  assessment_id uuid NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  instrument_id text NOT NULL,
  dimension_code text NOT NULL,
  risk smallint CONSTRAINT assessment_ratings_risk_ck CHECK (risk BETWEEN 0 AND 9),
  resources smallint CONSTRAINT assessment_ratings_resources_ck CHECK (resources BETWEEN 0 AND 9),
  comment text CONSTRAINT assessment_ratings_comment_ck CHECK (length(comment) <= 2000),
  PRIMARY KEY (assessment_id, dimension_code),
  FOREIGN KEY (instrument_id, dimension_code) REFERENCES assessment_dimensions (instrument_id, code)
);
COMMENT ON COLUMN assessment_ratings.risk IS 'Ordinal on the instrument scale; NULL means unknown. Sensitive (Art. 9/10).';

-- Voluntary offers; a decline is re-offered within 3 and within 6 months (reoffer_of links to the first offer).
CREATE TABLE offers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  type text NOT NULL CONSTRAINT offers_type_ck CHECK (type IN ('mentor', 'relative_coach', 'exit_course', 'psychiatry', 'employment_education', 'trauma_treatment', 'other_service')),
  offered_at timestamptz NOT NULL,
  offered_by uuid NOT NULL REFERENCES users (id),
  response text NOT NULL DEFAULT 'pending' CONSTRAINT offers_response_ck CHECK (response IN ('pending', 'accepted', 'declined', 'no_answer')),
  responded_at timestamptz,
  reoffer_of uuid REFERENCES offers (id),
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT offers_responded_ck CHECK ((response = 'pending') = (responded_at IS NULL))
);
CREATE INDEX offers_case_idx ON offers (case_id);

CREATE TABLE courses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  offer_id uuid REFERENCES offers (id),
  kind text NOT NULL CONSTRAINT courses_kind_ck CHECK (kind IN ('mentor', 'relative_coach', 'exit_course', 'other')),
  mentor_id uuid NOT NULL REFERENCES users (id),
  status text NOT NULL DEFAULT 'active' CONSTRAINT courses_status_ck CHECK (status IN ('planned', 'active', 'paused', 'ended')),
  started_on date NOT NULL,
  ended_on date,
  end_reason text CONSTRAINT courses_end_reason_ck CHECK (end_reason IN ('completed', 'dropped_out', 'moved', 'other')),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  CONSTRAINT courses_ended_ck CHECK ((status = 'ended') = (ended_on IS NOT NULL AND end_reason IS NOT NULL))
);
CREATE INDEX courses_mentor_idx ON courses (mentor_id, status);

CREATE TABLE course_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  course_id uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  held_on date NOT NULL,
  duration_minutes smallint NOT NULL CONSTRAINT course_sessions_duration_ck CHECK (duration_minutes BETWEEN 1 AND 600),
  form text NOT NULL CONSTRAINT course_sessions_form_ck CHECK (form IN ('in_person', 'phone', 'video', 'other')),
  note text CONSTRAINT course_sessions_note_ck CHECK (length(note) <= 1000),
  logged_by uuid NOT NULL REFERENCES users (id),
  logged_at timestamptz NOT NULL
);
COMMENT ON COLUMN course_sessions.note IS 'Short note by the mentor; sensitive. Retention: with the case.';

CREATE TABLE follow_ups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  kind text NOT NULL CONSTRAINT follow_ups_kind_ck CHECK (kind IN ('six_months_after_course', 'twelve_months_after_offer')),
  course_id uuid REFERENCES courses (id),
  offer_id uuid REFERENCES offers (id),
  due_on date NOT NULL,
  answered_at timestamptz,
  answered_by uuid REFERENCES users (id),
  still_at_risk boolean,
  occupation text CONSTRAINT follow_ups_occupation_ck CHECK (occupation IN ('education', 'employment', 'neither', 'unknown')),
  CONSTRAINT follow_ups_subject_uq UNIQUE (kind, course_id, offer_id)
);

-- Tasks are generated by rules from the records; rule_key makes generation idempotent across instances.
CREATE TABLE tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units (id),
  kind text NOT NULL CONSTRAINT tasks_kind_ck CHECK (kind IN ('triage_deadline', 'reoffer_3m', 'reoffer_6m', 'reassessment', 'follow_up_6m', 'follow_up_12m')),
  rule_key text NOT NULL CONSTRAINT tasks_rule_key_uq UNIQUE,
  assignee_id uuid REFERENCES users (id),
  concern_id uuid REFERENCES concerns (id) ON DELETE CASCADE,
  case_id uuid REFERENCES cases (id) ON DELETE CASCADE,
  due_at timestamptz NOT NULL,
  done_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX tasks_assignee_idx ON tasks (assignee_id, done_at, due_at);

GRANT SELECT ON behaviour_indicators, assessment_instruments, assessment_dimensions TO vink_app;
GRANT SELECT, INSERT, UPDATE ON calls, concerns, infohus_assessments, offers, courses, follow_ups, tasks TO vink_app;
GRANT SELECT, INSERT, DELETE ON concern_behaviours, concern_shares TO vink_app;
GRANT SELECT, INSERT ON disclosures, case_status_changes, assessments, assessment_ratings, course_sessions TO vink_app;

-- Row-level security on every unit-owned table of the flow: own unit, or shared with / member of / mentor on it.
CREATE FUNCTION vink_actor_has_concern(p_concern uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT EXISTS (SELECT 1 FROM concern_shares WHERE concern_id = p_concern AND user_id = vink_actor_id()) $$;

DO $$
DECLARE
  t text;
  member_expr text;
BEGIN
  FOR t, member_expr IN VALUES
    ('calls', 'false'),
    ('concerns', 'vink_actor_has_concern(id)'),
    ('concern_behaviours', 'vink_actor_has_concern(concern_id)'),
    ('concern_shares', 'user_id = vink_actor_id()'),
    ('infohus_assessments', 'vink_actor_has_concern(concern_id)'),
    ('disclosures', 'vink_actor_has_concern(concern_id) OR vink_actor_is_member(case_id)'),
    ('case_status_changes', 'vink_actor_is_member(case_id)'),
    ('assessments', 'vink_actor_is_member(case_id)'),
    ('offers', 'vink_actor_is_member(case_id)'),
    ('courses', 'vink_actor_is_member(case_id) OR mentor_id = vink_actor_id()'),
    ('course_sessions', 'EXISTS (SELECT 1 FROM courses c WHERE c.id = course_id AND c.mentor_id = vink_actor_id())'),
    ('follow_ups', 'vink_actor_is_member(case_id)'),
    ('tasks', 'assignee_id = vink_actor_id()')
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING (current_user <> ''vink_app'')', t || '_system', t);
    EXECUTE format('CREATE POLICY %I ON %I TO vink_app USING (unit_id = ANY (vink_actor_units()) OR %s) WITH CHECK (unit_id = ANY (vink_actor_units()) OR %s)',
      t || '_scope', t, member_expr, member_expr);
  END LOOP;
END $$;
