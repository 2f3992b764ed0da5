-- 0311 The person's own retention rule (docs/retention.md, "The schedule", class person_unreferenced). Owned by the
-- retention module (src/server/modules/retention/data-map.ts).
--
-- Until now a person's identity went only in the run that anonymised their last concern or case (migration 0210). A
-- person that nothing refers to any more kept their name, CPR number and birth date for ever: one created at intake
-- and never used, one whose concern was moved away or whose identity was held back by a legal hold later lifted. The
-- class person_unreferenced anonymises such a person (name, CPR and birth date go, gender and district stay, and the
-- person's dependants go with the identity: the trigger of migration 0300) once, for the class period, the person has
-- no concern or case kept with identity, is not the coached relative of such a case's course, is not linked to a person
-- who has one, has no pending access request and no legal hold (a hold holds the person back, counted in the receipt).
-- The period counts from the latest of the person's own last change (created or corrected) and the anonymisation of
-- their last concern or case.

INSERT INTO retention_classes (class_key, description, starts_at_event, period_months, action, basis) VALUES
  ('person_unreferenced', 'A person with no concern or case kept with identity, and nothing else referring to them',
   'the last change of the person or the anonymisation of their last record', 12, 'anonymise',
   'A person registered ahead of a concern, or left behind by records that ended, serves no purpose after a year; then the identity goes.');

-- The candidates: those of migration 0300, and the persons of the new class.
ALTER FUNCTION vink_retention_candidates(text, timestamptz) RENAME TO vink_retention_candidates_0300;
CREATE FUNCTION vink_retention_candidates(p_class text, p_cutoff timestamptz)
RETURNS TABLE (record_type text, record_id uuid, unit_id uuid, person_id uuid, held boolean)
LANGUAGE sql STABLE AS $$
  SELECT * FROM vink_retention_candidates_0300(p_class, p_cutoff)
  UNION ALL
  SELECT 'person', p.id, p.unit_id, p.id, vink_retention_held(p.id, NULL)
    FROM persons p
   WHERE p_class = 'person_unreferenced' AND p.anonymised_at IS NULL
     AND NOT EXISTS (SELECT 1 FROM concerns k WHERE k.person_id = p.id AND k.anonymised_at IS NULL)
     AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id AND c.anonymised_at IS NULL)
     AND NOT EXISTS (SELECT 1 FROM courses co JOIN cases c ON c.id = co.case_id WHERE co.coached_person_id = p.id AND c.anonymised_at IS NULL)
     AND NOT EXISTS (SELECT 1 FROM person_links l
                      WHERE (l.person_id = p.id OR l.linked_person_id = p.id)
                        AND (EXISTS (SELECT 1 FROM concerns k WHERE k.person_id IN (l.person_id, l.linked_person_id) AND k.person_id <> p.id AND k.anonymised_at IS NULL)
                             OR EXISTS (SELECT 1 FROM cases c WHERE c.person_id IN (l.person_id, l.linked_person_id) AND c.person_id <> p.id AND c.anonymised_at IS NULL)))
     AND NOT EXISTS (SELECT 1 FROM access_requests r WHERE r.person_id = p.id AND r.status <> 'closed')
     AND greatest(p.updated_at, p.created_at,
                  (SELECT max(k.anonymised_at) FROM concerns k WHERE k.person_id = p.id),
                  (SELECT max(c.anonymised_at) FROM cases c WHERE c.person_id = p.id)) < p_cutoff
$$;
REVOKE EXECUTE ON FUNCTION vink_retention_candidates(text, timestamptz) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION vink_retention_candidates_0300(text, timestamptz) FROM PUBLIC;

ALTER FUNCTION vink_retention_apply(text, timestamptz, timestamptz) RENAME TO vink_retention_apply_0300;
CREATE FUNCTION vink_retention_apply(p_class text, p_cutoff timestamptz, p_now timestamptz)
RETURNS TABLE (counts jsonb, held_back integer)
LANGUAGE plpgsql AS $$
DECLARE
  v_ids uuid[];
  v_held integer;
  v_n integer;
BEGIN
  IF p_class <> 'person_unreferenced' THEN
    RETURN QUERY SELECT * FROM vink_retention_apply_0300(p_class, p_cutoff, p_now);
    RETURN;
  END IF;
  SELECT coalesce(array_agg(r.record_id) FILTER (WHERE NOT r.held), '{}'), count(*) FILTER (WHERE r.held)
    INTO v_ids, v_held FROM vink_retention_candidates(p_class, p_cutoff) r;
  -- As migration 0210 anonymises a person: identity goes, gender and district stay (statistics).
  UPDATE persons p SET full_name = 'Anonymiseret', cpr = NULL, birth_date = NULL, anonymised_at = p_now, updated_at = p_now,
                       version = p.version + 1
   WHERE p.id = ANY (v_ids) AND p.anonymised_at IS NULL;
  GET DIAGNOSTICS v_n = ROW_COUNT;
  RETURN QUERY SELECT jsonb_build_object('person', v_n), v_held;
END $$;
REVOKE EXECUTE ON FUNCTION vink_retention_apply(text, timestamptz, timestamptz) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION vink_retention_apply_0300(text, timestamptz, timestamptz) FROM PUBLIC;
