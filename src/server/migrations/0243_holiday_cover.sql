-- Holiday cover (docs/domain.md, "Handover and holiday cover"): a colleague takes over another's tasks and reach for a
-- period. Recorded here and audited; the reach is given as case memberships marked with the cover period
-- (case_members.cover_id), added when the period starts and removed when it ends (handover module, run at once and on
-- every scheduler tick), so the reach rules of migrations 0002 and 0120 apply unchanged.
CREATE TABLE cover_periods (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units (id),
  absent_user_id uuid NOT NULL REFERENCES users (id),
  cover_user_id uuid NOT NULL REFERENCES users (id),
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  CONSTRAINT cover_periods_dates_ck CHECK (ends_on >= starts_on AND ends_on <= starts_on + 366),
  CONSTRAINT cover_periods_distinct_ck CHECK (absent_user_id <> cover_user_id)
);
CREATE INDEX cover_periods_cover_idx ON cover_periods (cover_user_id, ends_on);
CREATE INDEX cover_periods_unit_idx ON cover_periods (unit_id, ends_on);
COMMENT ON TABLE cover_periods IS 'Who covers whom, when (staff data, no citizen data). Retention: 5 years, to read the audit trail.';
COMMENT ON COLUMN cover_periods.absent_user_id IS 'Staff member away (staff data). Retention: 5 years.';
COMMENT ON COLUMN cover_periods.cover_user_id IS 'Staff member covering (staff data). Retention: 5 years.';

-- A membership given by a cover period; removed with the period's end. NULL for every ordinary membership.
ALTER TABLE case_members ADD COLUMN cover_id uuid REFERENCES cover_periods (id) ON DELETE CASCADE;
COMMENT ON COLUMN case_members.cover_id IS 'The cover period this membership exists for (removed when it ends); staff data.';
CREATE INDEX case_members_cover_idx ON case_members (cover_id) WHERE cover_id IS NOT NULL;

GRANT SELECT, INSERT ON cover_periods TO vink_app;
ALTER TABLE cover_periods ENABLE ROW LEVEL SECURITY;
ALTER TABLE cover_periods FORCE ROW LEVEL SECURITY;
CREATE POLICY cover_periods_system ON cover_periods USING (current_user <> 'vink_app');
CREATE POLICY cover_periods_scope ON cover_periods TO vink_app
  USING (unit_id = ANY (vink_actor_units()) OR cover_user_id = vink_actor_id() OR absent_user_id = vink_actor_id())
  WITH CHECK (unit_id = ANY (vink_actor_units()));
