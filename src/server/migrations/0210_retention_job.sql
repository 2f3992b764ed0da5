-- 0210 The retention job (docs/retention.md): which records each class of the schedule selects, what anonymising
-- keeps and drops, one scheduled run per day, and the DPO's view of what is due. Owned by the retention module
-- (src/server/modules/retention). The data map in src/server/modules/retention/data-map.ts names every personal-data
-- table and column and the class that ends it; tests/retention-data-map.int.test.ts holds this migration and the map
-- to the same tables.

-- When a record was anonymised: it is then out of every class's selection, and the page shows it as done.
ALTER TABLE persons ADD COLUMN anonymised_at timestamptz;
ALTER TABLE concerns ADD COLUMN anonymised_at timestamptz;
ALTER TABLE cases ADD COLUMN anonymised_at timestamptz;
ALTER TABLE calls ADD COLUMN anonymised_at timestamptz;
COMMENT ON COLUMN persons.anonymised_at IS 'When the retention job dropped the identity (name, CPR, birth date). Not personal data.';
COMMENT ON COLUMN concerns.anonymised_at IS 'When the retention job anonymised the concern. Not personal data.';
COMMENT ON COLUMN cases.anonymised_at IS 'When the retention job anonymised the case and everything under it. Not personal data.';
COMMENT ON COLUMN calls.anonymised_at IS 'When the retention job anonymised the call''s topic. Not personal data.';

-- The age band at the concern's receipt, kept when the birth date goes: the statistics and the yearly report count
-- by age band (plans/repo.ts, concernGroup), and must give the same figures after anonymisation.
ALTER TABLE concerns ADD COLUMN kept_age_band text
  CONSTRAINT concerns_kept_age_band_ck CHECK (kept_age_band IN ('under_15', '15_17', '18_24', '25_34', '35_plus', 'unknown'));
COMMENT ON COLUMN concerns.kept_age_band IS 'Personal data (ordinary, statistical): age band at receipt, kept after anonymisation. Retention: statistics, kept.';

-- One scheduled run per calendar day (UTC) across every instance: the run that inserts the day's row runs.
CREATE TABLE retention_runs (
  run_day date PRIMARY KEY,
  ran_at timestamptz NOT NULL
);
COMMENT ON TABLE retention_runs IS 'The days the scheduled retention job ran (one per day across instances). No personal data.';

-- The DPO adjusts a class's period (retention.manage); the action and the basis stay as the schedule says.
GRANT UPDATE (period_months, updated_at, version) ON retention_classes TO vink_app;
CREATE INDEX concerns_retention_idx ON concerns (status, triaged_at) WHERE anonymised_at IS NULL;
CREATE INDEX cases_retention_idx ON cases (closed_at) WHERE anonymised_at IS NULL AND status = 'closed';
CREATE INDEX calls_retention_idx ON calls (received_at) WHERE anonymised_at IS NULL AND concern_id IS NULL;

-- The placeholder free text is replaced with (some columns are NOT NULL or need a minimum length).
CREATE FUNCTION vink_retention_placeholder() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT '[anonymiseret]'::text $$;

-- Whether a legal hold that is not lifted covers the person or the case (legal_holds, migration 0200).
CREATE FUNCTION vink_retention_held(p_person uuid, p_case uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM legal_holds h WHERE h.lifted_at IS NULL
                  AND ((p_person IS NOT NULL AND h.person_id = p_person) OR (p_case IS NOT NULL AND h.case_id = p_case)))
$$;

-- The records a class selects at a cutoff: every record whose start event is before the cutoff and that is not done
-- yet, with its unit and whether a legal hold holds it back. The one definition used by the job (vink_retention_apply)
-- and by the DPO's upcoming counts (vink_retention_upcoming), so both count the same records.
CREATE FUNCTION vink_retention_candidates(p_class text, p_cutoff timestamptz)
RETURNS TABLE (record_type text, record_id uuid, unit_id uuid, person_id uuid, held boolean)
LANGUAGE sql STABLE AS $$
  -- An unfounded concern that never became a case, from its assessment (triage or Infohus decision).
  SELECT 'concern', k.id, k.unit_id, k.person_id, vink_retention_held(k.person_id, NULL)
    FROM concerns k LEFT JOIN infohus_assessments i ON i.concern_id = k.id
   WHERE p_class = 'concern_unfounded' AND k.status = 'unfounded' AND k.case_id IS NULL AND k.anonymised_at IS NULL
     AND coalesce(i.decided_at, k.triaged_at, k.updated_at) < p_cutoff
  UNION ALL
  -- An advisory call that was not forwarded, from the call.
  SELECT 'call', c.id, c.unit_id, NULL::uuid, false
    FROM calls c
   WHERE p_class = 'call_not_forwarded' AND c.concern_id IS NULL AND c.anonymised_at IS NULL AND c.received_at < p_cutoff
  UNION ALL
  -- A closed case, from the closure, with everything under it.
  SELECT 'case', c.id, c.unit_id, c.person_id, vink_retention_held(c.person_id, c.id)
    FROM cases c
   WHERE p_class = 'case_closed' AND c.status = 'closed' AND c.anonymised_at IS NULL AND c.closed_at < p_cutoff
  UNION ALL
  -- A course's session notes, from the end of the course.
  SELECT 'course_session_note', s.id, s.unit_id, c.person_id, vink_retention_held(c.person_id, c.id)
    FROM course_sessions s JOIN courses co ON co.id = s.course_id JOIN cases c ON c.id = co.case_id
   WHERE p_class = 'course_session_notes' AND s.note IS NOT NULL AND co.ended_on IS NOT NULL
     AND co.ended_on::timestamp AT TIME ZONE 'Europe/Copenhagen' < p_cutoff
  UNION ALL
  -- Sign-in records: sessions from their last use, unfinished OIDC flows from their start.
  SELECT 'session', NULL::uuid, u.unit_id, NULL::uuid, false
    FROM sessions s JOIN users u ON u.id = s.user_id
   WHERE p_class = 'sign_in' AND coalesce(s.ended_at, s.last_seen_at) < p_cutoff
  UNION ALL
  SELECT 'oidc_flow', NULL::uuid, NULL::uuid, NULL::uuid, false
    FROM oidc_flows f
   WHERE p_class = 'sign_in' AND f.created_at < p_cutoff
  UNION ALL
  -- The audit log, from the entry: purged by whole partitions (a partition naming a held person stays).
  SELECT 'audit_row', NULL::uuid, a.unit_id, a.person_id, vink_retention_held(a.person_id, NULL)
    FROM audit_log a
   WHERE p_class = 'audit_log' AND a.at < p_cutoff
$$;

-- The retention job's work for one class at a cutoff, in the caller's transaction (the system path, as the tables'
-- owner). Returns the counts per record type that went, and how many records a legal hold held back. Never returns
-- an id or any other personal data: the counts are the receipt. The audit class is not here: its partitions are
-- dropped by the audit module (docs/retention.md).
CREATE FUNCTION vink_retention_apply(p_class text, p_cutoff timestamptz, p_now timestamptz)
RETURNS TABLE (counts jsonb, held_back integer)
LANGUAGE plpgsql AS $$
DECLARE
  ph constant text := vink_retention_placeholder();
  v_ids uuid[];
  v_held integer;
  v_counts jsonb := '{}'::jsonb;
  v_n integer;
  v_concerns uuid[];
  v_persons uuid[];
BEGIN
  SELECT coalesce(array_agg(r.record_id) FILTER (WHERE NOT r.held), '{}'), count(*) FILTER (WHERE r.held)
    INTO v_ids, v_held FROM vink_retention_candidates(p_class, p_cutoff) r
   WHERE p_class <> 'audit_log';

  IF p_class = 'call_not_forwarded' THEN
    UPDATE calls SET topic = ph, anonymised_at = p_now WHERE id = ANY (v_ids);
    GET DIAGNOSTICS v_n = ROW_COUNT;
    v_counts := jsonb_build_object('call', v_n);

  ELSIF p_class = 'course_session_notes' THEN
    UPDATE course_sessions SET note = NULL WHERE id = ANY (v_ids);
    GET DIAGNOSTICS v_n = ROW_COUNT;
    v_counts := jsonb_build_object('course_session_note', v_n);

  ELSIF p_class = 'sign_in' THEN
    DELETE FROM sessions s WHERE coalesce(s.ended_at, s.last_seen_at) < p_cutoff;
    GET DIAGNOSTICS v_n = ROW_COUNT;
    v_counts := jsonb_build_object('session', v_n);
    DELETE FROM oidc_flows f WHERE f.created_at < p_cutoff;
    GET DIAGNOSTICS v_n = ROW_COUNT;
    v_counts := v_counts || jsonb_build_object('oidc_flow', v_n);

  ELSIF p_class IN ('concern_unfounded', 'case_closed') THEN
    IF p_class = 'case_closed' THEN
      -- Everything under the case: notes go, free text is dropped, the facts the statistics count stay.
      DELETE FROM case_notes WHERE case_id = ANY (v_ids);
      GET DIAGNOSTICS v_n = ROW_COUNT;
      v_counts := v_counts || jsonb_build_object('case_note', v_n);
      UPDATE case_status_changes SET reason = NULL WHERE case_id = ANY (v_ids) AND reason IS NOT NULL;
      UPDATE assessments SET summary = NULL WHERE case_id = ANY (v_ids) AND summary IS NOT NULL;
      UPDATE assessment_ratings r SET comment = NULL FROM assessments a
       WHERE a.id = r.assessment_id AND a.case_id = ANY (v_ids) AND r.comment IS NOT NULL;
      SELECT count(*) INTO v_n FROM assessments WHERE case_id = ANY (v_ids);
      v_counts := v_counts || jsonb_build_object('assessment', v_n);
      UPDATE course_sessions s SET note = NULL FROM courses co
       WHERE co.id = s.course_id AND co.case_id = ANY (v_ids) AND s.note IS NOT NULL;
      UPDATE disclosures SET content_summary = ph, legal_basis_text = CASE WHEN legal_basis_text IS NULL THEN NULL ELSE ph END
       WHERE case_id = ANY (v_ids);
      UPDATE cases SET title = ph, closure_reason = NULL, anonymised_at = p_now WHERE id = ANY (v_ids);
      GET DIAGNOSTICS v_n = ROW_COUNT;
      v_counts := v_counts || jsonb_build_object('case', v_n);
      SELECT coalesce(array_agg(k.id), '{}') INTO v_concerns FROM concerns k WHERE k.case_id = ANY (v_ids) AND k.anonymised_at IS NULL;
      SELECT coalesce(array_agg(DISTINCT c.person_id), '{}') INTO v_persons FROM cases c WHERE c.id = ANY (v_ids);
    ELSE
      v_concerns := v_ids;
      SELECT coalesce(array_agg(DISTINCT k.person_id), '{}') INTO v_persons FROM concerns k WHERE k.id = ANY (v_ids);
    END IF;

    -- The concerns: the age band at receipt is kept before the birth date can go; reporter and free text go.
    UPDATE concerns k SET
        kept_age_band = CASE
          WHEN p.birth_date IS NULL OR p.birth_date > (k.received_at AT TIME ZONE 'Europe/Copenhagen')::date THEN 'unknown'
          WHEN extract(year from age((k.received_at AT TIME ZONE 'Europe/Copenhagen')::date, p.birth_date)) < 15 THEN 'under_15'
          WHEN extract(year from age((k.received_at AT TIME ZONE 'Europe/Copenhagen')::date, p.birth_date)) < 18 THEN '15_17'
          WHEN extract(year from age((k.received_at AT TIME ZONE 'Europe/Copenhagen')::date, p.birth_date)) < 25 THEN '18_24'
          WHEN extract(year from age((k.received_at AT TIME ZONE 'Europe/Copenhagen')::date, p.birth_date)) < 35 THEN '25_34'
          ELSE '35_plus' END,
        reporter_name = NULL, reporter_contact = NULL, reporter_organisation = NULL,
        behaviour_description = ph,
        religion_override_reason = CASE WHEN k.religion_override_reason IS NULL THEN NULL ELSE ph END,
        anonymised_at = p_now
      FROM persons p WHERE p.id = k.person_id AND k.id = ANY (v_concerns);
    GET DIAGNOSTICS v_n = ROW_COUNT;
    v_counts := v_counts || jsonb_build_object('concern', v_n);
    UPDATE infohus_assessments SET reasoning = ph, participants = '{}' WHERE concern_id = ANY (v_concerns);
    UPDATE concern_child_reports SET reason = CASE WHEN reason IS NULL THEN NULL ELSE ph END,
                                     recipient = CASE WHEN recipient IS NULL THEN NULL ELSE ph END
     WHERE concern_id = ANY (v_concerns);
    UPDATE concern_shares SET legal_basis_text = ph WHERE concern_id = ANY (v_concerns) AND legal_basis_text IS NOT NULL;
    UPDATE disclosures SET content_summary = ph, legal_basis_text = CASE WHEN legal_basis_text IS NULL THEN NULL ELSE ph END
     WHERE concern_id = ANY (v_concerns);
    -- A call forwarded as one of these concerns follows its concern.
    UPDATE calls SET topic = ph, anonymised_at = p_now WHERE concern_id = ANY (v_concerns) AND anonymised_at IS NULL;

    -- The person's identity goes once nothing about them is kept with identity any more: every concern and every
    -- case anonymised, and no legal hold. Gender and district stay (statistics).
    UPDATE persons p SET full_name = 'Anonymiseret', cpr = NULL, birth_date = NULL, anonymised_at = p_now, updated_at = p_now,
                         version = p.version + 1
     WHERE p.id = ANY (v_persons) AND p.anonymised_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM concerns k WHERE k.person_id = p.id AND k.anonymised_at IS NULL)
       AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id AND c.anonymised_at IS NULL)
       AND NOT vink_retention_held(p.id, NULL);
    GET DIAGNOSTICS v_n = ROW_COUNT;
    v_counts := v_counts || jsonb_build_object('person', v_n);
  ELSE
    RAISE EXCEPTION 'no retention rule for class %', p_class USING ERRCODE = 'invalid_parameter_value';
  END IF;

  RETURN QUERY SELECT v_counts, v_held;
END $$;
REVOKE EXECUTE ON FUNCTION vink_retention_apply(text, timestamptz, timestamptz) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION vink_retention_candidates(text, timestamptz) FROM PUBLIC;

-- The DPO's upcoming deletions: per record type, how many records of the class in the actor's units a run at
-- p_cutoff would take, and how many a legal hold would hold back. Counts only; runs as the owner so the records'
-- row-level security (which gives the DPO no case content) does not hide what is being counted.
CREATE FUNCTION vink_retention_upcoming(p_class text, p_cutoff timestamptz)
RETURNS TABLE (record_type text, due integer, held integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT r.record_type, (count(*) FILTER (WHERE NOT r.held))::int, (count(*) FILTER (WHERE r.held))::int
    FROM vink_retention_candidates(p_class, p_cutoff) r
   WHERE r.unit_id = ANY (vink_actor_units()) OR (r.unit_id IS NULL AND p_class IN ('sign_in', 'audit_log'))
   GROUP BY r.record_type
$$;
REVOKE EXECUTE ON FUNCTION vink_retention_upcoming(text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vink_retention_upcoming(text, timestamptz) TO vink_app;
