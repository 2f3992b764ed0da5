-- 0003 Prevention work (not about individuals), action plans with computed indicators, budgets and spending.
-- No table here holds personal data about participants: only counts, kinds and anonymous survey answers.

CREATE TABLE activities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units (id),
  held_on date NOT NULL,
  kind text NOT NULL CONSTRAINT activities_kind_ck CHECK (kind IN ('awareness_talk', 'theme_day', 'network_meeting', 'conference',
    'school_course', 'parent_course', 'relative_course', 'citizen_forum_meeting', 'hearing', 'mosque_network_meeting', 'outreach')),
  title text NOT NULL CONSTRAINT activities_title_ck CHECK (length(title) BETWEEN 1 AND 200),
  target_group text NOT NULL CONSTRAINT activities_target_group_ck CHECK (target_group IN ('society', 'group_risk_environment', 'individual', 'professionals')),
  prevention_level text NOT NULL CONSTRAINT activities_prevention_level_ck CHECK (prevention_level IN ('green', 'yellow', 'red')),
  audience_sector text NOT NULL CONSTRAINT activities_audience_sector_ck CHECK (audience_sector IN ('school', 'social_services', 'club', 'psychiatry',
    'housing', 'police', 'parents', 'pupils', 'civil_society', 'religious_communities', 'other')),
  participants integer NOT NULL CONSTRAINT activities_participants_ck CHECK (participants BETWEEN 0 AND 100000),
  organisations integer NOT NULL DEFAULT 0 CONSTRAINT activities_organisations_ck CHECK (organisations BETWEEN 0 AND 10000),
  track_id uuid,
  notes text CONSTRAINT activities_notes_ck CHECK (length(notes) <= 2000),
  created_by uuid NOT NULL REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX activities_unit_idx ON activities (unit_id, held_on);
COMMENT ON COLUMN activities.notes IS 'Free text about the activity; must not contain personal data about participants.';

-- Anonymous surveys after an activity. The public token is the only thing in the link; answers carry no identity,
-- no IP address and no timestamps finer than the day.
CREATE TABLE surveys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units (id),
  activity_id uuid REFERENCES activities (id) ON DELETE SET NULL,
  title text NOT NULL CONSTRAINT surveys_title_ck CHECK (length(title) BETWEEN 1 AND 200),
  public_token text NOT NULL CONSTRAINT surveys_public_token_uq UNIQUE,
  opens_on date NOT NULL,
  closes_on date NOT NULL,
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  CONSTRAINT surveys_period_ck CHECK (closes_on >= opens_on)
);
CREATE TABLE survey_questions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  survey_id uuid NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  position smallint NOT NULL,
  text_da text NOT NULL,
  text_en text,
  kind text NOT NULL DEFAULT 'agreement' CONSTRAINT survey_questions_kind_ck CHECK (kind IN ('agreement', 'yes_no')),
  -- Marks the question whose share agreeing feeds the action plan ("I feel able to help ...").
  indicator_key text CONSTRAINT survey_questions_indicator_key_ck CHECK (indicator_key ~ '^[a-z_]{2,60}$'),
  CONSTRAINT survey_questions_position_uq UNIQUE (survey_id, position)
);
CREATE TABLE survey_responses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  survey_id uuid NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  answered_on date NOT NULL
);
CREATE TABLE survey_answers (
  response_id uuid NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
  question_id uuid NOT NULL REFERENCES survey_questions (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  -- agreement: 1 strongly disagree .. 5 strongly agree; yes_no: 0 / 1; NULL = no answer.
  value smallint CONSTRAINT survey_answers_value_ck CHECK (value BETWEEN 0 AND 5),
  PRIMARY KEY (response_id, question_id)
);

-- The citizen forum: member organisations and the date each signed the charter of democratic values.
CREATE TABLE forum_members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units (id),
  organisation text NOT NULL CONSTRAINT forum_members_organisation_ck CHECK (length(organisation) BETWEEN 1 AND 200),
  kind text NOT NULL DEFAULT 'association' CONSTRAINT forum_members_kind_ck CHECK (kind IN ('association', 'religious_community', 'housing', 'sports', 'education', 'other')),
  charter_signed_on date,
  joined_on date NOT NULL,
  left_on date,
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT forum_members_organisation_uq UNIQUE (unit_id, organisation)
);

-- Action plans: a period, tracks (or target groups), indicators with yearly targets, budget lines and spending.
CREATE TABLE action_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units (id),
  name text NOT NULL CONSTRAINT action_plans_name_ck CHECK (length(name) BETWEEN 1 AND 200),
  first_year smallint NOT NULL,
  last_year smallint NOT NULL,
  reference_key text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  CONSTRAINT action_plans_period_ck CHECK (last_year >= first_year AND first_year BETWEEN 2000 AND 2100),
  CONSTRAINT action_plans_reference_uq UNIQUE (unit_id, reference_key)
);
CREATE TABLE plan_tracks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL REFERENCES action_plans (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  position smallint NOT NULL,
  name text NOT NULL CONSTRAINT plan_tracks_name_ck CHECK (length(name) BETWEEN 1 AND 200)
);
ALTER TABLE activities ADD CONSTRAINT activities_track_fk FOREIGN KEY (track_id) REFERENCES plan_tracks (id) ON DELETE SET NULL;

-- An indicator is a measure from the catalogue (code in src/shared), never a typed-in number.
CREATE TABLE plan_indicators (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL REFERENCES action_plans (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  track_id uuid REFERENCES plan_tracks (id) ON DELETE SET NULL,
  position smallint NOT NULL,
  measure text NOT NULL CONSTRAINT plan_indicators_measure_ck CHECK (measure ~ '^[a-z0-9_]{2,60}$'),
  -- Measure parameters, e.g. {"audience":"pupils"} or {"activityKind":"citizen_forum_meeting"}.
  params jsonb NOT NULL DEFAULT '{}',
  label_da text NOT NULL,
  label_en text
);
CREATE TABLE plan_targets (
  indicator_id uuid NOT NULL REFERENCES plan_indicators (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  year smallint NOT NULL,
  comparison text NOT NULL CONSTRAINT plan_targets_comparison_ck CHECK (comparison IN ('at_least', 'at_most', 'equal', 'done')),
  target numeric NOT NULL,
  PRIMARY KEY (indicator_id, year)
);

CREATE TABLE budget_lines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL REFERENCES action_plans (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  track_id uuid REFERENCES plan_tracks (id) ON DELETE SET NULL,
  year smallint NOT NULL,
  funding_source text NOT NULL CONSTRAINT budget_lines_funding_source_ck CHECK (length(funding_source) BETWEEN 1 AND 200),
  amount_dkk numeric(14, 2) NOT NULL CONSTRAINT budget_lines_amount_ck CHECK (amount_dkk >= 0),
  label text
);
CREATE TABLE spending_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units (id),
  budget_line_id uuid NOT NULL REFERENCES budget_lines (id) ON DELETE CASCADE,
  spent_on date NOT NULL,
  amount_dkk numeric(14, 2) NOT NULL CONSTRAINT spending_entries_amount_ck CHECK (amount_dkk <> 0),
  description text NOT NULL CONSTRAINT spending_entries_description_ck CHECK (length(description) BETWEEN 1 AND 500),
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL
);

GRANT SELECT, INSERT, UPDATE, DELETE ON activities, surveys, survey_questions, forum_members, action_plans, plan_tracks,
  plan_indicators, plan_targets, budget_lines, spending_entries TO vink_app;
GRANT SELECT, INSERT ON survey_responses, survey_answers TO vink_app;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['activities', 'surveys', 'survey_questions', 'survey_responses', 'survey_answers', 'forum_members',
    'action_plans', 'plan_tracks', 'plan_indicators', 'plan_targets', 'budget_lines', 'spending_entries']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING (current_user <> ''vink_app'')', t || '_system', t);
    EXECUTE format('CREATE POLICY %I ON %I TO vink_app USING (unit_id = ANY (vink_actor_units())) WITH CHECK (unit_id = ANY (vink_actor_units()))',
      t || '_scope', t);
  END LOOP;
END $$;
