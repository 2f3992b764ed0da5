-- Corrections with a field-level history, and the rest of the flow (docs/domain.md, "Corrections" and "The flow of a
-- concern"). Owned by src/server/platform/field-history.ts (the history) and the follow-ups module (early answers).

-- One history for every correctable record (not one table per record type): who changed which field of which record,
-- when, from what to what, and the record's version after the change. Rows are written in the same transaction as the
-- correction and never changed; they go when the record goes (retention of the record, see record_type).
CREATE TABLE field_history (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units (id),
  record_type text NOT NULL CONSTRAINT field_history_record_type_ck CHECK (record_type IN ('concern', 'call', 'person', 'infohus_assessment', 'offer')),
  record_id uuid NOT NULL,
  -- The concern or case the record belongs to, when it has one: reach follows it (row-level security below).
  concern_id uuid REFERENCES concerns (id) ON DELETE CASCADE,
  person_id uuid REFERENCES persons (id) ON DELETE CASCADE,
  field text NOT NULL CONSTRAINT field_history_field_ck CHECK (field ~ '^[a-zA-Z][a-zA-Z.]{0,59}$'),
  old_value text CONSTRAINT field_history_old_value_ck CHECK (length(old_value) <= 20000),
  new_value text CONSTRAINT field_history_new_value_ck CHECK (length(new_value) <= 20000),
  version integer NOT NULL CONSTRAINT field_history_version_ck CHECK (version >= 1),
  changed_by uuid NOT NULL REFERENCES users (id),
  changed_at timestamptz NOT NULL
);
CREATE INDEX field_history_record_idx ON field_history (record_type, record_id, changed_at);
CREATE INDEX field_history_person_idx ON field_history (person_id) WHERE person_id IS NOT NULL;
COMMENT ON TABLE field_history IS 'Field-level history of corrections (who, when, old -> new) for concerns, calls, persons, Infohus decisions and offer answers.';
COMMENT ON COLUMN field_history.old_value IS
  'The field''s value before the correction (a description, a name, a severity): may be sensitive (Art. 9/10) as the field was. Retention: with the corrected record.';
COMMENT ON COLUMN field_history.new_value IS
  'The field''s value after the correction: may be sensitive (Art. 9/10) as the field is. Retention: with the corrected record.';
COMMENT ON COLUMN field_history.person_id IS 'The person the corrected record is about (personal data, ordinary). Retention: with the corrected record.';
COMMENT ON COLUMN field_history.changed_by IS 'Staff member who made the correction. Retention: with the corrected record.';

GRANT SELECT, INSERT ON field_history TO vink_app;

-- Row-level security: the unit's own rows, or rows of a concern shared with the actor; and (restrictive) a concern's
-- history is visible exactly when the concern is (the subquery runs under the concern's policies).
ALTER TABLE field_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE field_history FORCE ROW LEVEL SECURITY;
CREATE POLICY field_history_system ON field_history USING (current_user <> 'vink_app');
CREATE POLICY field_history_scope ON field_history TO vink_app
  USING (unit_id = ANY (vink_actor_units()) OR (concern_id IS NOT NULL AND vink_actor_has_concern(concern_id)))
  WITH CHECK (unit_id = ANY (vink_actor_units()));
CREATE POLICY field_history_reach ON field_history AS RESTRICTIVE TO vink_app
  USING (concern_id IS NULL OR EXISTS (SELECT 1 FROM concerns k WHERE k.id = concern_id));

-- A follow-up answered before it falls due states why (e.g. the person moved away and will not be reached later).
ALTER TABLE follow_ups ADD COLUMN early_reason text CONSTRAINT follow_ups_early_reason_ck CHECK (length(early_reason) BETWEEN 1 AND 2000);
COMMENT ON COLUMN follow_ups.early_reason IS
  'Free text by staff on why the follow-up was answered before it fell due; may describe the person (sensitive, Art. 9/10). Retention: with the case.';
