-- 0030 Support flow (offers, courses, follow-ups, tasks): invariants the generator and services rely on.

-- follow_ups_subject_uq (kind, course_id, offer_id) does not stop duplicates, because the unused column is NULL and
-- NULLs are distinct. One follow-up per course end and one per offer, enforced by partial unique indexes that the
-- rules engine's INSERT ... ON CONFLICT targets.
ALTER TABLE follow_ups ADD CONSTRAINT follow_ups_subject_kind_ck CHECK (
  (kind = 'six_months_after_course' AND course_id IS NOT NULL AND offer_id IS NULL)
  OR (kind = 'twelve_months_after_offer' AND offer_id IS NOT NULL AND course_id IS NULL));
CREATE UNIQUE INDEX follow_ups_course_uq ON follow_ups (course_id) WHERE kind = 'six_months_after_course';
CREATE UNIQUE INDEX follow_ups_offer_uq ON follow_ups (offer_id) WHERE kind = 'twelve_months_after_offer';
-- An answer is complete and matches the question asked.
ALTER TABLE follow_ups ADD CONSTRAINT follow_ups_answer_ck CHECK (
  (answered_at IS NULL AND answered_by IS NULL AND still_at_risk IS NULL AND occupation IS NULL)
  OR (answered_at IS NOT NULL AND answered_by IS NOT NULL AND (
    (kind = 'six_months_after_course' AND still_at_risk IS NOT NULL AND occupation IS NULL)
    OR (kind = 'twelve_months_after_offer' AND occupation IS NOT NULL AND still_at_risk IS NULL))));
CREATE INDEX follow_ups_case_idx ON follow_ups (case_id, due_on);
COMMENT ON COLUMN follow_ups.still_at_risk IS 'Whether the person is still assessed at risk 6 months after the course; sensitive (Art. 9/10). Retention: with the case.';
COMMENT ON COLUMN follow_ups.occupation IS 'Education or employment 12 months after the offer; personal data (ordinary). Retention: with the case.';

-- A re-offer points at the first offer of the same case.
CREATE INDEX offers_reoffer_of_idx ON offers (reoffer_of) WHERE reoffer_of IS NOT NULL;
ALTER TABLE offers ADD CONSTRAINT offers_not_self_reoffer_ck CHECK (reoffer_of IS NULL OR reoffer_of <> id);

-- The unit queue: open tasks nobody is assigned to, shown to the unit's coordinators.
CREATE INDEX tasks_unit_queue_idx ON tasks (unit_id, due_at) WHERE assignee_id IS NULL AND done_at IS NULL;
CREATE INDEX tasks_open_idx ON tasks (kind) WHERE done_at IS NULL;
CREATE INDEX course_sessions_course_idx ON course_sessions (course_id, held_on);
