-- 0340 The assessment dimensions a course addresses (issue 14, item 1; docs/domain.md, "Relevant dimensions of a
-- course"): where a plan measures progression on the "relevante" risk and protective factors, the coordinator marks
-- which dimensions of the national tool the course works on, and the progression indicator with the parameter
-- dimensions = 'relevant' measures those only.
--
-- Every save is a new row (append-only: vink_app may only SELECT and INSERT), so earlier markings are kept with who
-- made them and when; the course's current marking is its highest version.
CREATE TABLE course_dimension_marks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  course_id uuid NOT NULL CONSTRAINT course_dimension_marks_course_fk REFERENCES courses (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL CONSTRAINT course_dimension_marks_unit_fk REFERENCES units (id),
  version integer NOT NULL CONSTRAINT course_dimension_marks_version_ck CHECK (version >= 1),
  instrument_id text NOT NULL CONSTRAINT course_dimension_marks_instrument_fk REFERENCES assessment_instruments (id),
  -- Codes of the instrument's dimensions (checked against assessment_dimensions by the courses module).
  dimension_codes text[] NOT NULL CONSTRAINT course_dimension_marks_codes_ck CHECK (cardinality(dimension_codes) BETWEEN 1 AND 50),
  marked_by uuid NOT NULL CONSTRAINT course_dimension_marks_marked_by_fk REFERENCES users (id),
  marked_at timestamptz NOT NULL,
  CONSTRAINT course_dimension_marks_version_uq UNIQUE (course_id, version)
);
COMMENT ON TABLE course_dimension_marks IS 'Which assessment dimensions a course addresses, versioned. Codes only, no free text. Retention: with the course (case class).';

GRANT SELECT, INSERT ON course_dimension_marks TO vink_app;
ALTER TABLE course_dimension_marks ENABLE ROW LEVEL SECURITY;
ALTER TABLE course_dimension_marks FORCE ROW LEVEL SECURITY;
CREATE POLICY course_dimension_marks_system ON course_dimension_marks USING (current_user <> 'vink_app');
-- Visible exactly when the course is (the subquery runs under the courses' own policies); written in the course's unit.
CREATE POLICY course_dimension_marks_scope ON course_dimension_marks TO vink_app
  USING (EXISTS (SELECT 1 FROM courses co WHERE co.id = course_id))
  WITH CHECK (EXISTS (SELECT 1 FROM courses co WHERE co.id = course_id AND co.unit_id = course_dimension_marks.unit_id));
