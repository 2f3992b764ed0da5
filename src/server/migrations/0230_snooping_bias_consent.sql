-- Snooping alerts over the audit trail, the bias watch (the reporter's sector on concerns) and consent as a record at
-- the case level (docs/security.md, "Snooping alerts"; docs/domain.md, "Bias watch" and "Consent"). Owned by the
-- snooping module (snooping_rules, snooping_alerts, person_watch_flags), the concerns module (concerns.reporter_sector)
-- and the consents module (consents, disclosures.consent_id).

-- --- snooping rules: thresholds as data -----------------------------------------------------------------------------
-- One row per rule. A municipality adjusts the numbers here; docs/security.md says what each one means.
CREATE TABLE snooping_rules (
  rule text PRIMARY KEY CONSTRAINT snooping_rules_rule_ck CHECK (rule IN ('volume', 'outside_reach', 'watched_person', 'off_hours')),
  enabled boolean NOT NULL DEFAULT true,
  -- volume: distinct persons per hour; outside_reach: distinct persons per day; watched_person: look-ups per day;
  -- off_hours: look-ups and searches per day outside working hours. The alert fires at this count or more.
  threshold integer NOT NULL CONSTRAINT snooping_rules_threshold_ck CHECK (threshold BETWEEN 1 AND 100000),
  -- volume only: the count must also be at least factor × the user's own baseline (average distinct persons per active
  -- hour over the previous baseline_days days).
  baseline_factor numeric CONSTRAINT snooping_rules_factor_ck CHECK (baseline_factor BETWEEN 1 AND 100),
  baseline_days integer CONSTRAINT snooping_rules_days_ck CHECK (baseline_days BETWEEN 1 AND 365),
  -- off_hours only: working hours in Europe/Copenhagen local time, Monday to Friday, [start, end).
  work_start_hour integer CONSTRAINT snooping_rules_start_ck CHECK (work_start_hour BETWEEN 0 AND 23),
  work_end_hour integer CONSTRAINT snooping_rules_end_ck CHECK (work_end_hour BETWEEN 1 AND 24),
  description text NOT NULL CONSTRAINT snooping_rules_description_ck CHECK (length(description) BETWEEN 1 AND 500),
  CONSTRAINT snooping_rules_volume_ck CHECK (rule <> 'volume' OR (baseline_factor IS NOT NULL AND baseline_days IS NOT NULL)),
  CONSTRAINT snooping_rules_hours_ck CHECK (rule <> 'off_hours' OR (work_start_hour IS NOT NULL AND work_end_hour > work_start_hour))
);
COMMENT ON TABLE snooping_rules IS 'Snooping rules and their thresholds (docs/security.md, "Snooping alerts"). No personal data.';
INSERT INTO snooping_rules (rule, threshold, baseline_factor, baseline_days, work_start_hour, work_end_hour, description) VALUES
  ('volume', 25, 3, 28, NULL, NULL, 'Many distinct persons looked up in one hour, compared with the user''s own baseline'),
  ('outside_reach', 3, NULL, NULL, NULL, NULL, 'Persons looked up by a user who is not on their case, did not register them and was not shared their concern'),
  ('watched_person', 1, NULL, NULL, NULL, NULL, 'A person flagged by the DPO (a member of staff, or flagged for another reason) looked up by a user without a relation to them'),
  ('off_hours', 15, NULL, NULL, 7, 18, 'Bulk activity outside working hours (Europe/Copenhagen, Monday to Friday)');

-- --- persons watched by the DPO -----------------------------------------------------------------------------------
-- The DPO flags a person whose look-ups deserve attention: a member of staff (or their relative), or a person in the
-- public eye. Every look-up by a user without a relation to the person then raises an alert.
CREATE TABLE person_watch_flags (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units (id),
  person_id uuid NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  kind text NOT NULL CONSTRAINT person_watch_flags_kind_ck CHECK (kind IN ('staff', 'flagged')),
  reason text NOT NULL CONSTRAINT person_watch_flags_reason_ck CHECK (length(reason) BETWEEN 1 AND 500),
  flagged_by uuid NOT NULL REFERENCES users (id),
  flagged_at timestamptz NOT NULL,
  lifted_by uuid REFERENCES users (id),
  lifted_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT person_watch_flags_lift_ck CHECK ((lifted_at IS NULL) = (lifted_by IS NULL))
);
CREATE UNIQUE INDEX person_watch_flags_active_uq ON person_watch_flags (person_id) WHERE lifted_at IS NULL;
COMMENT ON TABLE person_watch_flags IS 'Persons whose look-ups the snooping rules watch, flagged by the DPO.';
COMMENT ON COLUMN person_watch_flags.person_id IS 'The person watched; that the person is staff or flagged is personal data (ordinary). Retention: with the person.';
COMMENT ON COLUMN person_watch_flags.reason IS 'Free text by the DPO on why the person is watched; may name the person (ordinary). Retention: with the person.';

-- --- snooping alerts ---------------------------------------------------------------------------------------------
-- One alert per rule, user and window (alert_key), so the job may run on several instances and repeatedly: a rerun
-- finds the same key and only refreshes an open alert's rows. audit_seqs are the audit rows behind the alert (the
-- drill-down); they may be purged from the log with their partition later (docs/retention.md).
CREATE TABLE snooping_alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  alert_key text NOT NULL CONSTRAINT snooping_alerts_key_uq UNIQUE,
  unit_id uuid NOT NULL REFERENCES units (id),
  rule text NOT NULL REFERENCES snooping_rules (rule),
  user_id uuid NOT NULL REFERENCES users (id),
  window_start timestamptz NOT NULL,
  window_end timestamptz NOT NULL,
  observed integer NOT NULL CONSTRAINT snooping_alerts_observed_ck CHECK (observed >= 0),
  baseline numeric,
  audit_seqs bigint[] NOT NULL,
  status text NOT NULL DEFAULT 'open' CONSTRAINT snooping_alerts_status_ck CHECK (status IN ('open', 'resolved')),
  resolution_note text CONSTRAINT snooping_alerts_note_ck CHECK (length(resolution_note) BETWEEN 1 AND 2000),
  resolved_by uuid REFERENCES users (id),
  resolved_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT snooping_alerts_window_ck CHECK (window_end > window_start),
  CONSTRAINT snooping_alerts_resolved_ck CHECK (
    (status = 'open' AND resolved_at IS NULL AND resolved_by IS NULL AND resolution_note IS NULL)
    OR (status = 'resolved' AND resolved_at IS NOT NULL AND resolved_by IS NOT NULL AND resolution_note IS NOT NULL))
);
CREATE INDEX snooping_alerts_unit_idx ON snooping_alerts (unit_id, status, window_start DESC);
COMMENT ON TABLE snooping_alerts IS 'Snooping alerts for the DPO: staff data (who looked up how much), no citizen data beyond the audit rows referenced.';
COMMENT ON COLUMN snooping_alerts.user_id IS 'The member of staff whose look-ups raised the alert (staff data). Retention: audit_log class.';
COMMENT ON COLUMN snooping_alerts.resolution_note IS 'Free text by the DPO on the outcome; may name staff or a citizen (sensitive). Retention: audit_log class.';

-- The look-ups the rules scan: who looked up whom, when. An index on time, so a scan of the last day does not read
-- the whole log.
CREATE INDEX audit_log_snooping_at_idx ON audit_log (at);

-- Whether a user has a relation to a person that explains a look-up: a member of a case about the person, the one who
-- registered the person or a concern about them, the concern's coordinator, a recipient of a share, or (for a
-- coordinator) a concern about the person still in triage in the coordinator's unit (the unit's triage queue is the
-- coordinator's work). Runs as the owner: the scheduler asks it about every user's look-ups.
CREATE FUNCTION vink_user_related_to_person(p_person uuid, p_user uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT vink_person_in_member_case(p_person, p_user)
      OR vink_person_in_shared_concern(p_person, p_user)
      OR EXISTS (SELECT 1 FROM persons p WHERE p.id = p_person AND p.created_by = p_user)
      OR EXISTS (SELECT 1 FROM concerns k WHERE k.person_id = p_person AND (k.registered_by = p_user OR k.coordinator_id = p_user))
      OR EXISTS (SELECT 1 FROM concerns k JOIN users u ON u.id = p_user AND u.role = 'coordinator' AND u.unit_id = k.unit_id
                 WHERE k.person_id = p_person AND k.status IN ('received', 'police_check', 'infohus'))
$$;
REVOKE EXECUTE ON FUNCTION vink_user_related_to_person(uuid, uuid) FROM PUBLIC;

GRANT SELECT ON snooping_rules TO vink_app;
GRANT SELECT ON snooping_alerts TO vink_app;
GRANT UPDATE (status, resolution_note, resolved_by, resolved_at, updated_at, version) ON snooping_alerts TO vink_app;
GRANT SELECT, INSERT ON person_watch_flags TO vink_app;
GRANT UPDATE (lifted_by, lifted_at, version) ON person_watch_flags TO vink_app;

ALTER TABLE snooping_alerts ENABLE ROW LEVEL SECURITY;
ALTER TABLE snooping_alerts FORCE ROW LEVEL SECURITY;
CREATE POLICY snooping_alerts_system ON snooping_alerts USING (current_user <> 'vink_app');
-- The DPO of the unit only: an alert names a colleague and points at what they looked up.
CREATE POLICY snooping_alerts_unit ON snooping_alerts TO vink_app
  USING (unit_id = ANY (vink_actor_units()) AND vink_actor_role() = 'dpo')
  WITH CHECK (unit_id = ANY (vink_actor_units()) AND vink_actor_role() = 'dpo');
ALTER TABLE person_watch_flags ENABLE ROW LEVEL SECURITY;
ALTER TABLE person_watch_flags FORCE ROW LEVEL SECURITY;
CREATE POLICY person_watch_flags_system ON person_watch_flags USING (current_user <> 'vink_app');
CREATE POLICY person_watch_flags_unit ON person_watch_flags TO vink_app
  USING (unit_id = ANY (vink_actor_units()) AND vink_actor_role() = 'dpo')
  WITH CHECK (unit_id = ANY (vink_actor_units()) AND vink_actor_role() = 'dpo');

-- --- bias watch: the reporter's sector ------------------------------------------------------------------------------
ALTER TABLE concerns ADD COLUMN reporter_sector text CONSTRAINT concerns_reporter_sector_ck CHECK (reporter_sector IN
  ('school', 'social_services', 'psychiatry', 'police', 'health', 'housing', 'ssp', 'relative', 'citizen', 'anonymous'));
COMMENT ON COLUMN concerns.reporter_sector IS
  'The sector the reporter belongs to (bias watch); not the reporter''s identity. Ordinary data. Retention: kept with the concern''s statistics (survives anonymisation).';
-- Existing rows: an anonymous reporter is 'anonymous'; a reporter named by an organisation is left unknown (NULL),
-- as nothing recorded says its sector reliably. New concerns must state it (the server requires it).
UPDATE concerns SET reporter_sector = 'anonymous' WHERE reporter_anonymous AND reporter_sector IS NULL;

-- The bias figures for the manager and the DPO, who need not read concerns to see them: counts per ideology, reporter
-- sector, district and gender of the concerns the Infohus (or triage) decided, in the actor's units and received in
-- [p_from, p_to). Counts only; small cells are suppressed by the server (reports module). Runs as the owner so the
-- concerns' row-level security does not hide the rows being counted; the server checks policy bias.read first.
CREATE FUNCTION vink_bias_counts(p_from timestamptz, p_to timestamptz)
  RETURNS TABLE (ideology_area text, reporter_sector text, district text, gender text, decided bigint, justified bigint, unfounded bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT k.ideology_area, coalesce(k.reporter_sector, 'unknown'), coalesce(nullif(p.district, ''), 'unknown'), p.gender,
         count(*), count(*) FILTER (WHERE k.status = 'justified'), count(*) FILTER (WHERE k.status = 'unfounded')
    FROM concerns k JOIN persons p ON p.id = k.person_id
   WHERE k.unit_id = ANY (vink_actor_units()) AND k.status IN ('justified', 'unfounded')
     AND k.received_at >= p_from AND k.received_at < p_to
   GROUP BY 1, 2, 3, 4
$$;
REVOKE EXECUTE ON FUNCTION vink_bias_counts(timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vink_bias_counts(timestamptz, timestamptz) TO vink_app;

-- --- consent as a record --------------------------------------------------------------------------------------------
-- What the person (or, for a child, a parent or guardian) consented to, when, its scope and optional expiry, and its
-- withdrawal. A disclosure on the basis 'consent' points at a consent that was valid when it was made.
CREATE TABLE consents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units (id),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  consented_to text NOT NULL CONSTRAINT consents_consented_to_ck CHECK (length(consented_to) BETWEEN 1 AND 500),
  scope text NOT NULL CONSTRAINT consents_scope_ck CHECK (length(scope) BETWEEN 1 AND 500),
  given_by text NOT NULL CONSTRAINT consents_given_by_ck CHECK (given_by IN ('person', 'guardian')),
  guardian_name text CONSTRAINT consents_guardian_name_ck CHECK (length(guardian_name) BETWEEN 1 AND 200),
  given_at timestamptz NOT NULL,
  expires_on date,
  recorded_by uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL,
  withdrawn_at timestamptz,
  withdrawn_recorded_by uuid REFERENCES users (id),
  withdrawal_note text CONSTRAINT consents_withdrawal_note_ck CHECK (length(withdrawal_note) BETWEEN 1 AND 1000),
  disclosures_reviewed_at timestamptz,
  disclosures_reviewed_by uuid REFERENCES users (id),
  review_note text CONSTRAINT consents_review_note_ck CHECK (length(review_note) BETWEEN 1 AND 1000),
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT consents_guardian_ck CHECK ((given_by = 'guardian') = (guardian_name IS NOT NULL)),
  CONSTRAINT consents_withdrawn_ck CHECK ((withdrawn_at IS NULL) = (withdrawn_recorded_by IS NULL)),
  CONSTRAINT consents_reviewed_ck CHECK (
    (disclosures_reviewed_at IS NULL) = (disclosures_reviewed_by IS NULL) AND (disclosures_reviewed_at IS NULL OR withdrawn_at IS NOT NULL))
);
CREATE INDEX consents_case_idx ON consents (case_id);
COMMENT ON TABLE consents IS 'Consents at the case level, and their withdrawal (docs/domain.md, "Consent").';
COMMENT ON COLUMN consents.person_id IS 'The person the consent concerns (the case''s person). Retention: case_closed class.';
COMMENT ON COLUMN consents.consented_to IS 'What was consented to, free text by staff; may describe the person (sensitive, Art. 9). Retention: case_closed class.';
COMMENT ON COLUMN consents.scope IS 'To whom and which data the consent extends, free text by staff (sensitive). Retention: case_closed class.';
COMMENT ON COLUMN consents.guardian_name IS 'The parent or guardian who consented for a child (ordinary personal data). Retention: case_closed class.';
COMMENT ON COLUMN consents.withdrawal_note IS 'Free text by staff on the withdrawal (sensitive). Retention: case_closed class.';
COMMENT ON COLUMN consents.review_note IS 'Free text by staff on the review of the disclosures made on the consent (sensitive). Retention: case_closed class.';

ALTER TABLE disclosures ADD COLUMN consent_id uuid CONSTRAINT disclosures_consent_fk REFERENCES consents (id);
-- New disclosures on the basis 'consent' name their consent; rows from before this migration are kept as they are.
ALTER TABLE disclosures ADD CONSTRAINT disclosures_consent_ck CHECK (legal_basis <> 'consent' OR consent_id IS NOT NULL) NOT VALID;
ALTER TABLE disclosures ADD CONSTRAINT disclosures_consent_basis_ck CHECK (consent_id IS NULL OR legal_basis = 'consent');
CREATE INDEX disclosures_consent_idx ON disclosures (consent_id) WHERE consent_id IS NOT NULL;
COMMENT ON COLUMN disclosures.consent_id IS 'The consent a disclosure on the basis ''consent'' rests on.';

GRANT SELECT, INSERT ON consents TO vink_app;
GRANT UPDATE (withdrawn_at, withdrawn_recorded_by, withdrawal_note, disclosures_reviewed_at, disclosures_reviewed_by, review_note, version)
  ON consents TO vink_app;
ALTER TABLE consents ENABLE ROW LEVEL SECURITY;
ALTER TABLE consents FORCE ROW LEVEL SECURITY;
CREATE POLICY consents_system ON consents USING (current_user <> 'vink_app');
CREATE POLICY consents_scope ON consents TO vink_app
  USING (unit_id = ANY (vink_actor_units()) OR vink_actor_is_member(case_id))
  WITH CHECK (unit_id = ANY (vink_actor_units()) OR vink_actor_is_member(case_id));
-- Visible exactly when the case is (the subquery runs under the cases' policies).
CREATE POLICY consents_reach ON consents AS RESTRICTIVE TO vink_app
  USING (EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id));

-- The task "review the disclosures made on a withdrawn consent" (src/server/modules/tasks/repo.ts).
INSERT INTO task_kinds (kind) VALUES ('consent_withdrawn');

-- The person view's answer to "is the person under 18?" when no birth date is known: the latest concern's stated
-- answer (migration 0190), never an assumed "no". Owner rights: the stated age band only, for a person the caller
-- already reads.
CREATE FUNCTION vink_person_minor_stated(p_person uuid) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT k.minor_stated FROM concerns k WHERE k.person_id = p_person AND k.minor_stated IS NOT NULL ORDER BY k.received_at DESC, k.id LIMIT 1
$$;
REVOKE EXECUTE ON FUNCTION vink_person_minor_stated(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vink_person_minor_stated(uuid) TO vink_app;

-- The bias page's count of concerns saved past the religion-only check (migration 0190), for the same period as its
-- figures: received in [p_from, p_to) in the actor's units. A count without personal data, like
-- vink_religion_override_count; the server checks policy bias.read first.
CREATE FUNCTION vink_bias_religion_overrides(p_from timestamptz, p_to timestamptz) RETURNS bigint
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT count(*) FROM concerns
   WHERE religion_override_reason IS NOT NULL AND unit_id = ANY (vink_actor_units()) AND received_at >= p_from AND received_at < p_to
$$;
REVOKE EXECUTE ON FUNCTION vink_bias_religion_overrides(timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vink_bias_religion_overrides(timestamptz, timestamptz) TO vink_app;
