-- 0291 Transfer when a citizen moves (docs/domain.md, "Transfers"; docs/security.md, "Crossing units"): the sending
-- unit's coordinator requests the transfer of a case or a concern to another unit, naming what travels and the legal
-- basis; the receiving coordinator accepts or rejects with a reason; the sender may withdraw. On acceptance the record
-- and its content move to the receiving unit (vink_transfer_move), the sending unit's staff lose membership, shares
-- and ownership, and the sending unit keeps only this transfer row as its closed stub.

CREATE TABLE transfers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid CONSTRAINT transfers_case_fk REFERENCES cases (id),
  concern_id uuid CONSTRAINT transfers_concern_fk REFERENCES concerns (id),
  from_unit_id uuid NOT NULL CONSTRAINT transfers_from_unit_fk REFERENCES units (id),
  to_unit_id uuid NOT NULL CONSTRAINT transfers_to_unit_fk REFERENCES units (id),
  travels text[] NOT NULL CONSTRAINT transfers_travels_ck CHECK (travels <@ ARRAY['summary', 'assessments', 'offers_courses']::text[] AND cardinality(travels) >= 1),
  legal_basis text NOT NULL CONSTRAINT transfers_legal_basis_ck CHECK (length(legal_basis) BETWEEN 3 AND 500),
  status text NOT NULL DEFAULT 'requested' CONSTRAINT transfers_status_ck CHECK (status IN ('requested', 'accepted', 'rejected', 'withdrawn')),
  requested_by uuid NOT NULL CONSTRAINT transfers_requested_by_fk REFERENCES users (id),
  requested_at timestamptz NOT NULL,
  decided_by uuid CONSTRAINT transfers_decided_by_fk REFERENCES users (id),
  decided_at timestamptz,
  decision_reason text CONSTRAINT transfers_decision_reason_ck CHECK (length(decision_reason) BETWEEN 1 AND 1000),
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT transfers_one_record_ck CHECK ((case_id IS NULL) <> (concern_id IS NULL)),
  CONSTRAINT transfers_units_ck CHECK (from_unit_id <> to_unit_id),
  CONSTRAINT transfers_decided_ck CHECK ((status = 'requested') = (decided_at IS NULL)),
  CONSTRAINT transfers_reason_ck CHECK (status NOT IN ('rejected', 'withdrawn') OR decision_reason IS NOT NULL)
);
CREATE UNIQUE INDEX transfers_one_open_uq ON transfers (coalesce(case_id, concern_id)) WHERE status = 'requested';
CREATE INDEX transfers_units_idx ON transfers (to_unit_id, status);
COMMENT ON COLUMN transfers.legal_basis IS 'The rule that allows passing the record to the new municipality; must not name the person (ordinary). Retention: with the record, then audit_log class.';
COMMENT ON COLUMN transfers.decision_reason IS 'Why the receiving coordinator rejected, or the sender withdrew; may describe the case (sensitive). Retention: with the record, then audit_log class.';
COMMENT ON COLUMN transfers.travels IS 'What travels: summary, assessments, current offers and courses (no personal data). Retention: with the record.';
COMMENT ON COLUMN transfers.case_id IS 'The case transferred (a reference; the sending unit keeps only this stub). Retention: with the record.';
COMMENT ON COLUMN transfers.concern_id IS 'The concern transferred (a reference). Retention: with the record.';

GRANT SELECT, INSERT ON transfers TO vink_app;
GRANT UPDATE (status, decided_by, decided_at, decision_reason, version) ON transfers TO vink_app;
ALTER TABLE transfers ENABLE ROW LEVEL SECURITY;
ALTER TABLE transfers FORCE ROW LEVEL SECURITY;
CREATE POLICY transfers_system ON transfers USING (current_user <> 'vink_app');
-- Both sides see the transfer row (the sender's stub, the receiver's inbox); only the sender creates one.
CREATE POLICY transfers_read ON transfers FOR SELECT TO vink_app
  USING (from_unit_id = ANY (vink_actor_units()) OR to_unit_id = ANY (vink_actor_units()));
CREATE POLICY transfers_insert ON transfers FOR INSERT TO vink_app WITH CHECK (from_unit_id = ANY (vink_actor_units()));
CREATE POLICY transfers_update ON transfers FOR UPDATE TO vink_app
  USING (from_unit_id = ANY (vink_actor_units()) OR to_unit_id = ANY (vink_actor_units()))
  WITH CHECK (from_unit_id = ANY (vink_actor_units()) OR to_unit_id = ANY (vink_actor_units()));

-- The move on acceptance, checked in the database: the transfer is accepted, the actor is a coordinator of the
-- receiving unit. Moves the case (or concern), every row of its content (tables with case_id or concern_id and
-- unit_id, except the hotline calls that stay with the unit that took them), and the person when nothing else of the
-- person stays behind; removes the sending unit's staff from the case and its shares, and its ownership.
CREATE FUNCTION vink_transfer_move(p_transfer uuid) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  t transfers%ROWTYPE;
  v_person uuid;
  v_concerns uuid[];
  tbl text;
BEGIN
  SELECT * INTO t FROM transfers WHERE id = p_transfer;
  IF t.id IS NULL OR t.status <> 'accepted' OR NOT (t.to_unit_id = ANY (vink_actor_units())) OR vink_actor_role() <> 'coordinator' THEN
    RAISE EXCEPTION 'transfer % may not be moved by this actor', p_transfer USING ERRCODE = '42501';
  END IF;
  IF t.case_id IS NOT NULL THEN
    SELECT person_id INTO v_person FROM cases WHERE id = t.case_id AND unit_id = t.from_unit_id;
    IF v_person IS NULL THEN RAISE EXCEPTION 'case % is not in the sending unit', t.case_id USING ERRCODE = '40001'; END IF;
    SELECT coalesce(array_agg(id), '{}') INTO v_concerns FROM concerns WHERE case_id = t.case_id;
    DELETE FROM case_members m USING users u WHERE m.case_id = t.case_id AND u.id = m.user_id AND u.unit_id = t.from_unit_id;
    UPDATE cases SET unit_id = t.to_unit_id, owner_id = NULL WHERE id = t.case_id;
    FOR tbl IN SELECT c.table_name FROM information_schema.columns c JOIN information_schema.columns u
                 ON u.table_schema = c.table_schema AND u.table_name = c.table_name AND u.column_name = 'unit_id'
                WHERE c.table_schema = 'public' AND c.column_name = 'case_id' AND c.table_name NOT IN ('audit_log', 'calls', 'transfers')
                  AND c.table_name NOT LIKE 'audit_log%' LOOP
      EXECUTE format('UPDATE %I SET unit_id = $1 WHERE case_id = $2', tbl) USING t.to_unit_id, t.case_id;
    END LOOP;
  ELSE
    SELECT person_id INTO v_person FROM concerns WHERE id = t.concern_id AND unit_id = t.from_unit_id;
    IF v_person IS NULL THEN RAISE EXCEPTION 'concern % is not in the sending unit', t.concern_id USING ERRCODE = '40001'; END IF;
    v_concerns := ARRAY[t.concern_id];
    UPDATE concerns SET unit_id = t.to_unit_id WHERE id = t.concern_id;
  END IF;
  DELETE FROM concern_shares s USING users u WHERE s.concern_id = ANY (v_concerns) AND u.id = s.user_id AND u.unit_id = t.from_unit_id;
  FOR tbl IN SELECT c.table_name FROM information_schema.columns c JOIN information_schema.columns u
               ON u.table_schema = c.table_schema AND u.table_name = c.table_name AND u.column_name = 'unit_id'
              WHERE c.table_schema = 'public' AND c.column_name = 'concern_id' AND c.table_name NOT IN ('audit_log', 'calls', 'transfers')
                AND c.table_name NOT LIKE 'audit_log%' LOOP
    EXECUTE format('UPDATE %I SET unit_id = $1 WHERE concern_id = ANY ($2)', tbl) USING t.to_unit_id, v_concerns;
  END LOOP;
  -- The person moves along unless other records about the person stay in the sending unit.
  IF NOT EXISTS (SELECT 1 FROM cases WHERE person_id = v_person AND unit_id = t.from_unit_id)
     AND NOT EXISTS (SELECT 1 FROM concerns WHERE person_id = v_person AND unit_id = t.from_unit_id) THEN
    UPDATE persons SET unit_id = t.to_unit_id WHERE id = v_person;
  END IF;
END $$;
GRANT EXECUTE ON FUNCTION vink_transfer_move(uuid) TO vink_app;
