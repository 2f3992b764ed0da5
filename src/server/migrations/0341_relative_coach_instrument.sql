-- 0341 The coached relative's own instrument (issue 14, item 1; docs/domain.md, "The coached relative's instrument"):
-- the plans measure a relative-coach course by "styrket relation og øget evne til at håndtere konflikt med den unge",
-- which is about the relative, not the young person. A short instrument of its own, data and versioned like the
-- national tool, with assessments of the coached relative recorded on the course; the progression indicator measures
-- relative-coach courses on it, and the young person's national assessments no longer stand in for them.

-- Whom an instrument assesses: the case's person (the national tool) or the relative coached in a course.
ALTER TABLE assessment_instruments ADD COLUMN subject text NOT NULL DEFAULT 'person'
  CONSTRAINT assessment_instruments_subject_ck CHECK (subject IN ('person', 'coached_relative'));

INSERT INTO assessment_instruments (id, name, version, scale, subject) VALUES
  ('relative-coach-v1', 'Pårørendecoaching – den pårørendes egen vurdering', 1,
   '[{"value":1,"da":"I ringe grad","en":"To a small extent"},{"value":2,"da":"I nogen grad","en":"To some extent"},{"value":3,"da":"I høj grad","en":"To a large extent"},{"value":4,"da":"I meget høj grad","en":"To a very large extent"}]',
   'coached_relative');
INSERT INTO assessment_dimensions (instrument_id, code, position, label_da, label_en) VALUES
  ('relative-coach-v1', 'relation_young_person', 1, 'Relationen til den unge', 'The relationship with the young person'),
  ('relative-coach-v1', 'conflict_handling', 2, 'Evnen til at håndtere konflikt med den unge', 'Ability to handle conflict with the young person'),
  ('relative-coach-v1', 'support_young_person', 3, 'Evnen til at støtte den unge', 'Ability to support the young person'),
  ('relative-coach-v1', 'knows_where_help', 4, 'Viden om, hvor der er hjælp at hente', 'Knowing where to get help');

-- An assessment of the coached relative in a relative-coach course: one rating per item, higher is better.
CREATE TABLE coach_assessments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  course_id uuid NOT NULL CONSTRAINT coach_assessments_course_fk REFERENCES courses (id) ON DELETE CASCADE,
  case_id uuid NOT NULL CONSTRAINT coach_assessments_case_fk REFERENCES cases (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL CONSTRAINT coach_assessments_unit_fk REFERENCES units (id),
  instrument_id text NOT NULL CONSTRAINT coach_assessments_instrument_fk REFERENCES assessment_instruments (id),
  kind text NOT NULL CONSTRAINT coach_assessments_kind_ck CHECK (kind IN ('start', 'six_months', 'end', 'other')),
  assessed_on date NOT NULL,
  assessed_by uuid NOT NULL CONSTRAINT coach_assessments_assessed_by_fk REFERENCES users (id),
  created_at timestamptz NOT NULL
);
COMMENT ON TABLE coach_assessments IS 'Assessments of the relative coached in a relative-coach course, on the relative''s own instrument. Retention: case class (with the course).';
CREATE INDEX coach_assessments_course_idx ON coach_assessments (course_id, assessed_on);
-- Progression is measured from the one start assessment of the course.
CREATE UNIQUE INDEX coach_assessments_one_start_uq ON coach_assessments (course_id) WHERE kind = 'start';

CREATE TABLE coach_assessment_ratings (
  assessment_id uuid NOT NULL CONSTRAINT coach_assessment_ratings_assessment_fk REFERENCES coach_assessments (id) ON DELETE CASCADE,
  instrument_id text NOT NULL,
  dimension_code text NOT NULL,
  rating smallint CONSTRAINT coach_assessment_ratings_rating_ck CHECK (rating BETWEEN 0 AND 9),
  PRIMARY KEY (assessment_id, dimension_code),
  CONSTRAINT coach_assessment_ratings_dimension_fk FOREIGN KEY (instrument_id, dimension_code) REFERENCES assessment_dimensions (instrument_id, code)
);
COMMENT ON COLUMN coach_assessment_ratings.rating IS 'Ordinal on the instrument scale about the coached relative (ordinary personal data); NULL means unknown. Retention: case class (ordinal kept like assessment_ratings).';

GRANT SELECT, INSERT ON coach_assessments, coach_assessment_ratings TO vink_app;
ALTER TABLE coach_assessments ENABLE ROW LEVEL SECURITY;
ALTER TABLE coach_assessments FORCE ROW LEVEL SECURITY;
CREATE POLICY coach_assessments_system ON coach_assessments USING (current_user <> 'vink_app');
-- Visible exactly when the course is (the subquery runs under the courses' own policies); written in its unit.
CREATE POLICY coach_assessments_scope ON coach_assessments TO vink_app
  USING (EXISTS (SELECT 1 FROM courses co WHERE co.id = course_id))
  WITH CHECK (EXISTS (SELECT 1 FROM courses co WHERE co.id = course_id AND co.unit_id = coach_assessments.unit_id AND co.case_id = coach_assessments.case_id));
ALTER TABLE coach_assessment_ratings ENABLE ROW LEVEL SECURITY;
ALTER TABLE coach_assessment_ratings FORCE ROW LEVEL SECURITY;
CREATE POLICY coach_assessment_ratings_system ON coach_assessment_ratings USING (current_user <> 'vink_app');
CREATE POLICY coach_assessment_ratings_scope ON coach_assessment_ratings TO vink_app
  USING (EXISTS (SELECT 1 FROM coach_assessments a WHERE a.id = assessment_id))
  WITH CHECK (EXISTS (SELECT 1 FROM coach_assessments a WHERE a.id = assessment_id));
