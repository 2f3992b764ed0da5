-- 0282 The yearly report as the committee gets it (issue 14, item 3; docs/domain.md, "The yearly report"): an
-- addressee, a foreword and a comment per target, edited in the browser and versioned; and a Word version of the
-- report beside the PDF and the workbook.
--
-- Every save is a new row (append-only: vink_app may only SELECT and INSERT), so the texts of an earlier version of
-- the report are kept; the current texts are the highest version.
CREATE TABLE report_texts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL CONSTRAINT report_texts_unit_fk REFERENCES units (id),
  plan_id uuid NOT NULL CONSTRAINT report_texts_plan_fk REFERENCES action_plans (id) ON DELETE CASCADE,
  year integer NOT NULL CONSTRAINT report_texts_year_ck CHECK (year BETWEEN 2000 AND 2100),
  version integer NOT NULL CONSTRAINT report_texts_version_ck CHECK (version >= 1),
  addressee text NOT NULL CONSTRAINT report_texts_addressee_ck CHECK (length(addressee) BETWEEN 1 AND 300),
  foreword text CONSTRAINT report_texts_foreword_ck CHECK (length(foreword) BETWEEN 1 AND 10000),
  -- {"<indicator id>": "comment"}: one comment per target of the year.
  comments jsonb NOT NULL DEFAULT '{}' CONSTRAINT report_texts_comments_ck CHECK (jsonb_typeof(comments) = 'object'),
  saved_by uuid NOT NULL CONSTRAINT report_texts_saved_by_fk REFERENCES users (id),
  saved_at timestamptz NOT NULL,
  CONSTRAINT report_texts_version_uq UNIQUE (plan_id, year, version)
);
COMMENT ON COLUMN report_texts.foreword IS 'Free text by staff for the committee about the unit''s year; must not contain personal data about citizens. Retention: with the action plan.';
COMMENT ON COLUMN report_texts.comments IS 'Comments by staff per target of the year; must not contain personal data about citizens. Retention: with the action plan.';
COMMENT ON COLUMN report_texts.saved_by IS 'Staff member who saved this version. Retention: with the action plan.';

GRANT SELECT, INSERT ON report_texts TO vink_app;
ALTER TABLE report_texts ENABLE ROW LEVEL SECURITY;
ALTER TABLE report_texts FORCE ROW LEVEL SECURITY;
CREATE POLICY report_texts_system ON report_texts USING (current_user <> 'vink_app');
CREATE POLICY report_texts_scope ON report_texts TO vink_app
  USING (unit_id = ANY (vink_actor_units())) WITH CHECK (unit_id = ANY (vink_actor_units()));

-- The Word version of a finished report (jobs finished before this migration have none).
ALTER TABLE report_jobs ADD COLUMN docx bytea;
