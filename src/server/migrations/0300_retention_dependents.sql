-- Retention for the tables added beside the first schedule (docs/retention.md, "Records that follow another"):
-- documents, consents, corrections' field history, meeting items, watch flags, access requests and snooping alerts.
-- Owned by the retention module (src/server/modules/retention/data-map.ts says the same per table and column).
--
-- Records that follow a concern, a case, a call or a person end with it: a trigger on the moment the retention job
-- anonymises the parent (anonymised_at set, migration 0210) deletes or blanks them in the same transaction, so no
-- feature can add a dependent table that outlives its parent's anonymisation without adding its line here (the
-- data-map test fails on an unmapped personal-data column). The DPO's own records (access requests, snooping alerts)
-- and Infohus meetings get classes of their own below.

-- --- records that follow their parent --------------------------------------------------------------------------------

CREATE FUNCTION vink_retention_case_dependents() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ph constant text := vink_retention_placeholder();
BEGIN
  -- Documents go with the case (their content may hold anything); consents keep that one was given and when.
  DELETE FROM documents WHERE case_id = NEW.id;
  UPDATE consents SET consented_to = ph, scope = ph,
      guardian_name = CASE WHEN guardian_name IS NULL THEN NULL ELSE ph END,
      withdrawal_note = CASE WHEN withdrawal_note IS NULL THEN NULL ELSE ph END,
      review_note = CASE WHEN review_note IS NULL THEN NULL ELSE ph END
   WHERE case_id = NEW.id;
  UPDATE infohus_meeting_items SET reasoning = CASE WHEN reasoning IS NULL THEN NULL ELSE ph END,
      follow_up_action = CASE WHEN follow_up_action IS NULL THEN NULL ELSE ph END
   WHERE case_id = NEW.id;
  UPDATE follow_ups SET early_reason = ph WHERE case_id = NEW.id AND early_reason IS NOT NULL;
  -- The closure request's reasons, the support plan's wording and the supervision topics are the case's free text.
  UPDATE case_closure_requests SET reason = ph, decision_note = CASE WHEN decision_note IS NULL THEN NULL ELSE ph END WHERE case_id = NEW.id;
  UPDATE support_plan_goals SET title = ph, owner_name = ph, actions = ph WHERE case_id = NEW.id;
  UPDATE support_plan_progress g SET note = ph FROM support_plan_reviews r
   WHERE r.id = g.review_id AND r.case_id = NEW.id AND g.note IS NOT NULL;
  UPDATE support_plan_reviews SET summary = ph WHERE case_id = NEW.id AND summary IS NOT NULL;
  UPDATE supervision_sessions SET topic = ph WHERE case_id = NEW.id;
  UPDATE transfers SET decision_reason = ph WHERE case_id = NEW.id AND decision_reason IS NOT NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER cases_retention_dependents AFTER UPDATE OF anonymised_at ON cases FOR EACH ROW
  WHEN (OLD.anonymised_at IS NULL AND NEW.anonymised_at IS NOT NULL) EXECUTE FUNCTION vink_retention_case_dependents();

CREATE FUNCTION vink_retention_concern_dependents() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ph constant text := vink_retention_placeholder();
BEGIN
  DELETE FROM documents WHERE concern_id = NEW.id;
  -- A correction's history holds the old description and reporter: it goes with the concern's free text.
  DELETE FROM field_history WHERE concern_id = NEW.id OR (record_type = 'concern' AND record_id = NEW.id);
  UPDATE infohus_meeting_items SET reasoning = CASE WHEN reasoning IS NULL THEN NULL ELSE ph END,
      follow_up_action = CASE WHEN follow_up_action IS NULL THEN NULL ELSE ph END
   WHERE concern_id = NEW.id;
  UPDATE transfers SET decision_reason = ph WHERE concern_id = NEW.id AND decision_reason IS NOT NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER concerns_retention_dependents AFTER UPDATE OF anonymised_at ON concerns FOR EACH ROW
  WHEN (OLD.anonymised_at IS NULL AND NEW.anonymised_at IS NOT NULL) EXECUTE FUNCTION vink_retention_concern_dependents();

CREATE FUNCTION vink_retention_call_dependents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM field_history WHERE record_type = 'call' AND record_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER calls_retention_dependents AFTER UPDATE OF anonymised_at ON calls FOR EACH ROW
  WHEN (OLD.anonymised_at IS NULL AND NEW.anonymised_at IS NOT NULL) EXECUTE FUNCTION vink_retention_call_dependents();

CREATE FUNCTION vink_retention_person_dependents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The old name or CPR in a correction's history, and the DPO's watch flag, go with the person's identity.
  DELETE FROM field_history WHERE person_id = NEW.id OR (record_type = 'person' AND record_id = NEW.id);
  DELETE FROM person_watch_flags WHERE person_id = NEW.id;
  -- A family link says who is related to whom: it goes when either person's identity goes.
  DELETE FROM person_links WHERE person_id = NEW.id OR linked_person_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER persons_retention_dependents AFTER UPDATE OF anonymised_at ON persons FOR EACH ROW
  WHEN (OLD.anonymised_at IS NULL AND NEW.anonymised_at IS NOT NULL) EXECUTE FUNCTION vink_retention_person_dependents();

-- --- classes of their own ------------------------------------------------------------------------------------------

INSERT INTO retention_classes (class_key, description, starts_at_event, period_months, action, basis) VALUES
  ('access_request', 'A closed access request with its exemptions', 'the closing of the request', 36, 'delete',
   'Documentation that the request was answered, kept for the limitation period of a complaint; then it goes.'),
  ('snooping_alert', 'A resolved snooping alert', 'the end of the alert window', 6, 'delete',
   'An alert points at audit rows; it is kept as long as the access log it was raised from.'),
  ('infohus_meeting', 'An Infohus meeting''s documents and the free text of its decisions', 'the meeting', 60, 'anonymise',
   'As a closed case: the decisions stay as facts, the minutes and reasoning go.');

-- The candidates of the new classes beside those of migration 0210 (the one definition the job and the DPO's
-- upcoming counts use: 0210's functions call vink_retention_candidates by name).
ALTER FUNCTION vink_retention_candidates(text, timestamptz) RENAME TO vink_retention_candidates_0210;
CREATE FUNCTION vink_retention_candidates(p_class text, p_cutoff timestamptz)
RETURNS TABLE (record_type text, record_id uuid, unit_id uuid, person_id uuid, held boolean)
LANGUAGE sql STABLE AS $$
  SELECT * FROM vink_retention_candidates_0210(p_class, p_cutoff)
  UNION ALL
  SELECT 'access_request', r.id, r.unit_id, r.person_id, vink_retention_held(r.person_id, NULL)
    FROM access_requests r
   WHERE p_class = 'access_request' AND r.status = 'closed' AND r.closed_at < p_cutoff
  UNION ALL
  SELECT 'snooping_alert', a.id, a.unit_id, NULL::uuid, false
    FROM snooping_alerts a
   WHERE p_class = 'snooping_alert' AND a.status = 'resolved' AND a.window_end < p_cutoff
  UNION ALL
  SELECT 'infohus_meeting', m.id, m.unit_id, NULL::uuid, false
    FROM infohus_meetings m
   WHERE p_class = 'infohus_meeting' AND m.meeting_on::timestamp AT TIME ZONE 'Europe/Copenhagen' < p_cutoff
     AND (EXISTS (SELECT 1 FROM documents d WHERE d.meeting_id = m.id)
          OR EXISTS (SELECT 1 FROM infohus_meeting_items i WHERE i.meeting_id = m.id
                      AND (i.reasoning IS DISTINCT FROM vink_retention_placeholder() AND i.reasoning IS NOT NULL
                           OR i.follow_up_action IS DISTINCT FROM vink_retention_placeholder() AND i.follow_up_action IS NOT NULL)))
$$;
REVOKE EXECUTE ON FUNCTION vink_retention_candidates(text, timestamptz) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION vink_retention_candidates_0210(text, timestamptz) FROM PUBLIC;

ALTER FUNCTION vink_retention_apply(text, timestamptz, timestamptz) RENAME TO vink_retention_apply_0210;
CREATE FUNCTION vink_retention_apply(p_class text, p_cutoff timestamptz, p_now timestamptz)
RETURNS TABLE (counts jsonb, held_back integer)
LANGUAGE plpgsql AS $$
DECLARE
  ph constant text := vink_retention_placeholder();
  v_ids uuid[];
  v_held integer;
  v_n integer;
  v_m integer;
BEGIN
  IF p_class NOT IN ('access_request', 'snooping_alert', 'infohus_meeting') THEN
    RETURN QUERY SELECT * FROM vink_retention_apply_0210(p_class, p_cutoff, p_now);
    RETURN;
  END IF;
  SELECT coalesce(array_agg(r.record_id) FILTER (WHERE NOT r.held), '{}'), count(*) FILTER (WHERE r.held)
    INTO v_ids, v_held FROM vink_retention_candidates(p_class, p_cutoff) r;
  IF p_class = 'access_request' THEN
    DELETE FROM access_requests WHERE id = ANY (v_ids);
    GET DIAGNOSTICS v_n = ROW_COUNT;
    RETURN QUERY SELECT jsonb_build_object('access_request', v_n), v_held;
  ELSIF p_class = 'snooping_alert' THEN
    DELETE FROM snooping_alerts WHERE id = ANY (v_ids);
    GET DIAGNOSTICS v_n = ROW_COUNT;
    RETURN QUERY SELECT jsonb_build_object('snooping_alert', v_n), v_held;
  ELSE
    DELETE FROM documents WHERE meeting_id = ANY (v_ids);
    GET DIAGNOSTICS v_n = ROW_COUNT;
    UPDATE infohus_meeting_items SET reasoning = CASE WHEN reasoning IS NULL THEN NULL ELSE ph END,
        follow_up_action = CASE WHEN follow_up_action IS NULL THEN NULL ELSE ph END
     WHERE meeting_id = ANY (v_ids);
    GET DIAGNOSTICS v_m = ROW_COUNT;
    RETURN QUERY SELECT jsonb_build_object('document', v_n, 'meeting_item', v_m), v_held;
  END IF;
END $$;
REVOKE EXECUTE ON FUNCTION vink_retention_apply(text, timestamptz, timestamptz) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION vink_retention_apply_0210(text, timestamptz, timestamptz) FROM PUBLIC;
