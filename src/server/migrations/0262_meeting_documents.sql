-- Documents on an Infohus meeting too (the agenda's papers, minutes signed elsewhere): a third kind of record for
-- documents (migration 0260). Owned by the documents module (src/server/modules/documents/repo.ts).

ALTER TABLE documents ADD COLUMN meeting_id uuid REFERENCES infohus_meetings (id) ON DELETE CASCADE;
COMMENT ON COLUMN documents.meeting_id IS 'The Infohus meeting the document belongs to (no personal data itself).';
ALTER TABLE documents DROP CONSTRAINT documents_parent_ck;
ALTER TABLE documents ADD CONSTRAINT documents_parent_ck
  CHECK (num_nonnulls(concern_id, case_id, meeting_id) = 1);
CREATE INDEX documents_meeting_idx ON documents (meeting_id) WHERE meeting_id IS NOT NULL;

-- Row-level security as before, with the meeting as a record: its unit, or a participant (migration 0261).
DROP POLICY documents_scope ON documents;
DROP POLICY documents_reach ON documents;
CREATE POLICY documents_scope ON documents TO vink_app
  USING (unit_id = ANY (vink_actor_units()) OR vink_actor_has_concern(concern_id) OR vink_actor_is_member(case_id) OR vink_actor_in_meeting(meeting_id))
  WITH CHECK (unit_id = ANY (vink_actor_units()) OR vink_actor_has_concern(concern_id) OR vink_actor_is_member(case_id));
CREATE POLICY documents_reach ON documents AS RESTRICTIVE TO vink_app USING (
  (concern_id IS NULL OR EXISTS (SELECT 1 FROM concerns k WHERE k.id = concern_id))
  AND (case_id IS NULL OR EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id))
  AND (meeting_id IS NULL OR EXISTS (SELECT 1 FROM infohus_meetings m WHERE m.id = meeting_id)));
