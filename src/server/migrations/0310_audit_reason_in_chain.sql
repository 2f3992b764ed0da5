-- 0310 The reason of a look-up inside the audit hash chain (docs/security.md, "The audit trail" and "The purpose of
-- every look-up, and breaking the glass").
--
-- Migration 0220 stored the user's reason (break the glass, the purpose's free text) in audit_log.reason, filled by the
-- column's default from the transaction setting vink.audit_reason, outside the hashed content: a reason edited in the
-- database went unnoticed. From here the writer appends chain_version 4 rows whose content hash covers the reason too:
--
--   content_hash = sha256(utf8('vink-audit-v4-content' || for each of at, actor_id, actor_role, unit_id, action, outcome,
--                  record_type, record_id, person_id, purpose, criterion, reason: LF || ('-' if NULL else byte length
--                  || ':' || text)))
--
-- The sealer links them as it links version 3 rows (vink_audit_link_hash over the content hash, migration 0130). Rows
-- already written keep their version and verify as before (src/server/audit/chain.ts): a version 3 row's reason was
-- never covered. Turning a version 4 row into a version 3 one changes the content hash the verifier computes, so it
-- is found as an edit.

ALTER TABLE audit_log DROP CONSTRAINT audit_log_chain_version_ck;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_chain_version_ck CHECK (chain_version IN (1, 2, 3, 4));
ALTER TABLE audit_log DROP CONSTRAINT audit_log_chain_shape_ck;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_chain_shape_ck CHECK (
  CASE WHEN chain_version IN (3, 4)
    THEN content_hash IS NOT NULL AND (hash IS NULL) = (prev_hash IS NULL) AND (hash IS NULL) = (chain_pos IS NULL)
    ELSE hash IS NOT NULL AND prev_hash IS NOT NULL AND content_hash IS NULL AND chain_pos IS NULL
  END);
COMMENT ON COLUMN audit_log.chain_version IS
  'How hash was computed: 1 = JSON by the server (before 0060), 2 = vink_audit_hash over the stored row, 3 = sealed (0130), 4 = sealed, the reason in the content (0310).';

CREATE FUNCTION vink_audit_content_hash_v4(p_at timestamptz, p_actor_id uuid, p_actor_role text, p_unit_id uuid,
  p_action text, p_outcome text, p_record_type text, p_record_id uuid, p_person_id uuid, p_purpose text, p_criterion text, p_reason text)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to('vink-audit-v4-content'
    || vink_audit_field(to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    || vink_audit_field(p_actor_id::text) || vink_audit_field(p_actor_role) || vink_audit_field(p_unit_id::text)
    || vink_audit_field(p_action) || vink_audit_field(p_outcome) || vink_audit_field(p_record_type)
    || vink_audit_field(p_record_id::text) || vink_audit_field(p_person_id::text) || vink_audit_field(p_purpose)
    || vink_audit_field(p_criterion) || vink_audit_field(p_reason), 'UTF8')), 'hex')
$$;

-- The writer: same signature and rights as in 0130. The reason is read once from the transaction's setting (as the
-- column's default did) and both stored and hashed.
CREATE OR REPLACE FUNCTION vink_audit_append(p_at timestamptz, p_actor_id uuid, p_actor_role text, p_unit_id uuid, p_purpose text,
  p_entries jsonb)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_reason text := nullif(current_setting('vink.audit_reason', true), '');
BEGIN
  INSERT INTO audit_log (at, actor_id, actor_role, unit_id, action, outcome, record_type, record_id, person_id, purpose,
    criterion, reason, content_hash, chain_version)
  SELECT date_trunc('milliseconds', p_at), p_actor_id, p_actor_role, p_unit_id, e ->> 'action', e ->> 'outcome', e ->> 'record_type',
    (e ->> 'record_id')::uuid, (e ->> 'person_id')::uuid, p_purpose, e ->> 'criterion', v_reason,
    vink_audit_content_hash_v4(date_trunc('milliseconds', p_at), p_actor_id, p_actor_role, p_unit_id, e ->> 'action', e ->> 'outcome',
      e ->> 'record_type', (e ->> 'record_id')::uuid, (e ->> 'person_id')::uuid, p_purpose, e ->> 'criterion', v_reason),
    4
  FROM jsonb_array_elements(p_entries) WITH ORDINALITY AS x (e, n) ORDER BY x.n;
END $$;

-- Append-only, with the one exception of sealing (migration 0130), now for version 3 and 4 rows alike.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.chain_version IN (3, 4) AND OLD.hash IS NULL
     AND NEW.hash IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.chain_pos IS NOT NULL
     AND to_jsonb(NEW) - 'hash' - 'prev_hash' - 'chain_pos' = to_jsonb(OLD) - 'hash' - 'prev_hash' - 'chain_pos' THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
