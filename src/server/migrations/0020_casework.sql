-- 0020 Casework: case workflow history, disclosures on cases, and assessments on the national tool.

-- One start assessment per case: progression is measured against it, so a second one would make it ambiguous.
-- The service checks first; this index settles two requests racing each other.
CREATE UNIQUE INDEX assessments_one_start_uq ON assessments (case_id) WHERE kind = 'start';

CREATE INDEX case_status_changes_case_idx ON case_status_changes (case_id, changed_at);
CREATE INDEX disclosures_case_idx ON disclosures (case_id, disclosed_at);

-- assessment_ratings has no unit_id of its own: a rating is visible exactly when its assessment is (the subquery
-- runs under the assessments policy), so the ratings cannot be read around the case scope.
ALTER TABLE assessment_ratings ENABLE ROW LEVEL SECURITY;
ALTER TABLE assessment_ratings FORCE ROW LEVEL SECURITY;
CREATE POLICY assessment_ratings_system ON assessment_ratings USING (current_user <> 'vink_app');
CREATE POLICY assessment_ratings_scope ON assessment_ratings TO vink_app
  USING (EXISTS (SELECT 1 FROM assessments a WHERE a.id = assessment_id))
  WITH CHECK (EXISTS (SELECT 1 FROM assessments a WHERE a.id = assessment_id));

COMMENT ON COLUMN case_status_changes.reason IS 'Why the status changed (closure reason, reopening note); may contain personal data (Art. 9/10). Retention: case class.';
COMMENT ON COLUMN disclosures.content_summary IS 'What was disclosed to the partner; sensitive (Art. 9/10). Retention: with the concern or case; kept for the person''s right of access.';
COMMENT ON COLUMN disclosures.legal_basis_text IS 'The legal basis in words when legal_basis is other. Retention: with the disclosure.';
COMMENT ON COLUMN disclosures.recipient_user_id IS 'Named recipient, if a VINK user. Retention: with the disclosure.';
COMMENT ON COLUMN assessments.summary IS 'Assessor''s summary; sensitive (Art. 9/10, may touch health). Retention: case class.';
COMMENT ON COLUMN assessment_ratings.resources IS 'Ordinal on the instrument scale; NULL means unknown. Sensitive (Art. 9/10). Retention: case class.';
COMMENT ON COLUMN assessment_ratings.comment IS 'Assessor''s comment on one dimension; sensitive (Art. 9/10, may touch health). Retention: case class.';
