-- A correction note links to the note it corrects (docs/domain.md, "Corrections"): notes stay immutable under the
-- duty to record, so a mistake is corrected by a new note that names the earlier one. Owned by the cases module.
ALTER TABLE case_notes ADD COLUMN corrects_note_id uuid CONSTRAINT case_notes_corrects_fk REFERENCES case_notes (id),
  ADD CONSTRAINT case_notes_corrects_other_ck CHECK (corrects_note_id IS NULL OR corrects_note_id <> id);
CREATE INDEX case_notes_corrects_idx ON case_notes (corrects_note_id) WHERE corrects_note_id IS NOT NULL;
COMMENT ON COLUMN case_notes.corrects_note_id IS 'The earlier note of the same case this note corrects (a link, no personal data of its own). Retention: case class.';
