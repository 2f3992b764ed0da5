-- The psychiatry pathway (docs/domain.md, "The psychiatry pathway"): a consultation with regional psychiatry on a
-- concern or a case, with its date and outcome (illness, radicalisation, both, unclear), countable in the figures.
-- No free text: the outcome is the fact the figures count, the reasons stay in the case notes.
CREATE TABLE psychiatry_consultations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units (id),
  concern_id uuid REFERENCES concerns (id) ON DELETE CASCADE,
  case_id uuid REFERENCES cases (id) ON DELETE CASCADE,
  consulted_on date NOT NULL,
  outcome text NOT NULL CONSTRAINT psychiatry_consultations_outcome_ck CHECK (outcome IN ('illness', 'radicalisation', 'both', 'unclear')),
  recorded_by uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL,
  CONSTRAINT psychiatry_consultations_record_ck CHECK ((concern_id IS NULL) <> (case_id IS NULL))
);
COMMENT ON TABLE psychiatry_consultations IS 'Consultations with regional psychiatry on a concern or case. Retention: follows the concern or case (anonymised with it; the outcome stays as a counted fact).';
COMMENT ON COLUMN psychiatry_consultations.outcome IS 'The consultation''s outcome about the person (sensitive, Art. 9 health data): kept as a counted fact when the concern or case is anonymised.';
CREATE INDEX psychiatry_consultations_concern_idx ON psychiatry_consultations (concern_id) WHERE concern_id IS NOT NULL;
CREATE INDEX psychiatry_consultations_case_idx ON psychiatry_consultations (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX psychiatry_consultations_unit_idx ON psychiatry_consultations (unit_id, consulted_on);

GRANT SELECT, INSERT ON psychiatry_consultations TO vink_app;
ALTER TABLE psychiatry_consultations ENABLE ROW LEVEL SECURITY;
ALTER TABLE psychiatry_consultations FORCE ROW LEVEL SECURITY;
CREATE POLICY psychiatry_consultations_system ON psychiatry_consultations USING (current_user <> 'vink_app');
CREATE POLICY psychiatry_consultations_scope ON psychiatry_consultations TO vink_app
  USING (unit_id = ANY (vink_actor_units())) WITH CHECK (unit_id = ANY (vink_actor_units()));
