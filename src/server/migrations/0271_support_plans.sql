-- The support plan of a case (docs/domain.md, "The support plan"): goals with an owner (an authority or a person),
-- the actions towards them and the assessment dimensions they address; reviews on scheduled dates record progress per
-- goal and the next review date. Each scheduled review is a task until a review is recorded (tasks/repo.ts), and a
-- recorded review is an entry of the case's timeline.
CREATE TABLE support_plan_goals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  title text NOT NULL CONSTRAINT support_plan_goals_title_ck CHECK (length(title) BETWEEN 1 AND 300),
  owner_kind text NOT NULL CONSTRAINT support_plan_goals_owner_kind_ck CHECK (owner_kind IN ('authority', 'person')),
  owner_name text NOT NULL CONSTRAINT support_plan_goals_owner_name_ck CHECK (length(owner_name) BETWEEN 1 AND 200),
  actions text NOT NULL CONSTRAINT support_plan_goals_actions_ck CHECK (length(actions) BETWEEN 1 AND 4000),
  status text NOT NULL DEFAULT 'active' CONSTRAINT support_plan_goals_status_ck CHECK (status IN ('active', 'achieved', 'dropped')),
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_by uuid NOT NULL REFERENCES users (id),
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1
);
COMMENT ON TABLE support_plan_goals IS 'Goals of a case''s support plan. Retention: case class (case_closed).';
COMMENT ON COLUMN support_plan_goals.title IS 'Free text by staff: the goal; may describe the person (sensitive, Art. 9/10). Retention: case class (case_closed).';
COMMENT ON COLUMN support_plan_goals.owner_name IS 'The authority or person who owns the goal (may name a relative or professional; ordinary personal data). Retention: case class (case_closed).';
COMMENT ON COLUMN support_plan_goals.actions IS 'Free text by staff: the actions towards the goal; may describe the person (sensitive, Art. 9/10). Retention: case class (case_closed).';
CREATE INDEX support_plan_goals_case_idx ON support_plan_goals (case_id);

-- The assessment dimensions a goal addresses (the instrument's own codes, so a code that does not exist is refused).
CREATE TABLE support_plan_goal_dimensions (
  goal_id uuid NOT NULL REFERENCES support_plan_goals (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  instrument_id text NOT NULL,
  dimension_code text NOT NULL,
  PRIMARY KEY (goal_id, instrument_id, dimension_code),
  CONSTRAINT support_plan_goal_dimensions_dimension_fk FOREIGN KEY (instrument_id, dimension_code) REFERENCES assessment_dimensions (instrument_id, code)
);
COMMENT ON TABLE support_plan_goal_dimensions IS 'Which assessment dimensions a support-plan goal addresses. No free text.';

-- The review schedule: one row per planned review; the open row (review_id NULL) is the next review and its task.
CREATE TABLE support_plan_review_dates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  due_on date NOT NULL,
  review_id uuid,
  created_at timestamptz NOT NULL
);
COMMENT ON TABLE support_plan_review_dates IS 'Planned support-plan reviews; the open one is a task (tasks/repo.ts). Dates only.';
CREATE UNIQUE INDEX support_plan_review_dates_one_open_idx ON support_plan_review_dates (case_id) WHERE review_id IS NULL;

CREATE TABLE support_plan_reviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  reviewed_on date NOT NULL,
  summary text CONSTRAINT support_plan_reviews_summary_ck CHECK (length(summary) BETWEEN 1 AND 4000),
  next_review_on date,
  reviewed_by uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL,
  CONSTRAINT support_plan_reviews_next_ck CHECK (next_review_on IS NULL OR next_review_on > reviewed_on)
);
COMMENT ON TABLE support_plan_reviews IS 'Recorded reviews of a support plan. Retention: case class (case_closed).';
COMMENT ON COLUMN support_plan_reviews.summary IS 'Free text by staff on the review; may describe the person (sensitive, Art. 9/10). Retention: case class (case_closed).';
COMMENT ON COLUMN support_plan_reviews.reviewed_by IS 'Staff member who recorded the review. Retention: case class (case_closed).';
CREATE INDEX support_plan_reviews_case_idx ON support_plan_reviews (case_id, reviewed_on);
ALTER TABLE support_plan_review_dates ADD CONSTRAINT support_plan_review_dates_review_fk FOREIGN KEY (review_id) REFERENCES support_plan_reviews (id);

CREATE TABLE support_plan_progress (
  review_id uuid NOT NULL REFERENCES support_plan_reviews (id) ON DELETE CASCADE,
  goal_id uuid NOT NULL REFERENCES support_plan_goals (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  progress text NOT NULL CONSTRAINT support_plan_progress_progress_ck CHECK (progress IN ('none', 'some', 'good', 'achieved', 'worse')),
  note text CONSTRAINT support_plan_progress_note_ck CHECK (length(note) BETWEEN 1 AND 2000),
  PRIMARY KEY (review_id, goal_id)
);
COMMENT ON TABLE support_plan_progress IS 'Progress per goal at a review. Retention: case class (case_closed).';
COMMENT ON COLUMN support_plan_progress.note IS 'Free text by staff on the progress; may describe the person (sensitive, Art. 9/10). Retention: case class (case_closed).';

GRANT SELECT, INSERT ON support_plan_goals, support_plan_review_dates, support_plan_reviews, support_plan_progress TO vink_app;
GRANT SELECT, INSERT, DELETE ON support_plan_goal_dimensions TO vink_app;
GRANT UPDATE (title, owner_kind, owner_name, actions, status, updated_by, updated_at, version) ON support_plan_goals TO vink_app;
GRANT UPDATE (review_id, due_on) ON support_plan_review_dates TO vink_app;

-- Row-level security like the case's other rows (migration 0120): the unit's rows or a case the actor is a member of,
-- narrowed by the reach of the kind 'support_plan' (platform/access-reach.ts ROW_KINDS). Goal dimensions and progress
-- are visible exactly when their goal or review is.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['support_plan_goals', 'support_plan_review_dates', 'support_plan_reviews'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING (current_user <> ''vink_app'')', t || '_system', t);
    EXECUTE format('CREATE POLICY %I ON %I TO vink_app USING (unit_id = ANY (vink_actor_units()) OR vink_actor_is_member(case_id))'
      ' WITH CHECK (unit_id = ANY (vink_actor_units()) OR vink_actor_is_member(case_id))', t || '_scope', t);
    EXECUTE format($f$CREATE POLICY %I ON %I AS RESTRICTIVE TO vink_app USING (
         unit_id = ANY ((SELECT vink_reach_units('support_plan'))::uuid[])
      OR case_id IN (SELECT vink_reach_case_ids('support_plan', false)))$f$, t || '_reach', t);
  END LOOP;
END $$;
ALTER TABLE support_plan_goal_dimensions ENABLE ROW LEVEL SECURITY;
ALTER TABLE support_plan_goal_dimensions FORCE ROW LEVEL SECURITY;
CREATE POLICY support_plan_goal_dimensions_system ON support_plan_goal_dimensions USING (current_user <> 'vink_app');
CREATE POLICY support_plan_goal_dimensions_scope ON support_plan_goal_dimensions TO vink_app
  USING (EXISTS (SELECT 1 FROM support_plan_goals g WHERE g.id = goal_id)) WITH CHECK (EXISTS (SELECT 1 FROM support_plan_goals g WHERE g.id = goal_id));
ALTER TABLE support_plan_progress ENABLE ROW LEVEL SECURITY;
ALTER TABLE support_plan_progress FORCE ROW LEVEL SECURITY;
CREATE POLICY support_plan_progress_system ON support_plan_progress USING (current_user <> 'vink_app');
CREATE POLICY support_plan_progress_scope ON support_plan_progress TO vink_app
  USING (EXISTS (SELECT 1 FROM support_plan_reviews r WHERE r.id = review_id)) WITH CHECK (EXISTS (SELECT 1 FROM support_plan_reviews r WHERE r.id = review_id));

-- A planned review is a task for the case owner (unit queue when none) until a review is recorded (tasks/repo.ts).
INSERT INTO task_kinds (kind) VALUES ('support_plan_review');
