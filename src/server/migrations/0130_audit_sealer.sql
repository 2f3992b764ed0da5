-- 0130: the audit trail without a global lock (docs/security.md, "The audit trail").
--
-- Before: vink_audit_append took one advisory lock for the whole deployment, read the chain's head and linked each
-- row as it wrote it, so every audited request waited on every other until it committed.
--
-- Now the writer appends a row unlinked (no lock): chain_version 3, with content_hash, a hash over the row's stored
-- values computed here. A sealer (vink_audit_seal, run about every second by the scheduler, by the CLI and before
-- every verification) links committed unlinked rows into the chain, in seq order within a batch, under a
-- transaction-level advisory try-lock, so several instances never seal at once. The chain's order is the sealing
-- order, given by chain_pos: greatest(seq, previous position + 1), so it equals seq unless a row's transaction
-- committed after rows with a higher seq were sealed. Rows of rolled-back transactions never appear and need no
-- waiting. Rows before this migration (chain_version 1 and 2) keep their links, in seq order; their position is
-- their seq.
--
-- Hashes (src/server/audit/chain.ts reproduces both):
--   content_hash = sha256(utf8('vink-audit-v3-content' || for each of at, actor_id, actor_role, unit_id, action,
--                  outcome, record_type, record_id, person_id, purpose, criterion: LF || ('-' if NULL else byte length
--                  || ':' || text)))
--   hash         = sha256(utf8('vink-audit-v3' || the same field form of prev_hash, chain_pos, seq, content_hash))

ALTER TABLE audit_log ALTER COLUMN prev_hash DROP NOT NULL;
ALTER TABLE audit_log ALTER COLUMN hash DROP NOT NULL;
ALTER TABLE audit_log ADD COLUMN content_hash text;
ALTER TABLE audit_log ADD COLUMN chain_pos bigint;
COMMENT ON COLUMN audit_log.content_hash IS 'chain_version 3: sha256 over the stored values, computed by the writer (migration 0130).';
COMMENT ON COLUMN audit_log.chain_pos IS 'chain_version 3: the position the sealer linked the row at; NULL while unsealed. Rows before 0130 are at their seq.';

-- The version and the shape of each kind of row. NOT VALID: rows written before this migration are of versions 1
-- and 2 with both links set, as the earlier constraints guaranteed; new and changed rows are checked.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_chain_version_ck;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_chain_version_ck CHECK (chain_version IN (1, 2, 3)) NOT VALID;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_chain_shape_ck CHECK (
  CASE WHEN chain_version = 3
    THEN content_hash IS NOT NULL AND (hash IS NULL) = (prev_hash IS NULL) AND (hash IS NULL) = (chain_pos IS NULL)
    ELSE hash IS NOT NULL AND prev_hash IS NOT NULL AND content_hash IS NULL AND chain_pos IS NULL
  END) NOT VALID;

-- The chain in order (verification, the head) and the rows waiting to be sealed (the sealer, the alarm).
CREATE UNIQUE INDEX audit_log_chain_pos_idx ON audit_log ((coalesce(chain_pos, seq))) WHERE hash IS NOT NULL;
CREATE INDEX audit_log_unsealed_idx ON audit_log (seq) WHERE hash IS NULL;

CREATE FUNCTION vink_audit_content_hash(p_at timestamptz, p_actor_id uuid, p_actor_role text, p_unit_id uuid,
  p_action text, p_outcome text, p_record_type text, p_record_id uuid, p_person_id uuid, p_purpose text, p_criterion text)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to('vink-audit-v3-content'
    || vink_audit_field(to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    || vink_audit_field(p_actor_id::text) || vink_audit_field(p_actor_role) || vink_audit_field(p_unit_id::text)
    || vink_audit_field(p_action) || vink_audit_field(p_outcome) || vink_audit_field(p_record_type)
    || vink_audit_field(p_record_id::text) || vink_audit_field(p_person_id::text) || vink_audit_field(p_purpose)
    || vink_audit_field(p_criterion), 'UTF8')), 'hex')
$$;

CREATE FUNCTION vink_audit_link_hash(p_prev text, p_pos bigint, p_seq bigint, p_content_hash text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to('vink-audit-v3' || vink_audit_field(p_prev) || vink_audit_field(p_pos::text)
    || vink_audit_field(p_seq::text) || vink_audit_field(p_content_hash), 'UTF8')), 'hex')
$$;

-- The writer: same signature and rights as in 0060, no lock, no read of the head. The time is kept to the
-- millisecond, the precision the server and the verifier work in. PL/pgSQL so its one statement's plan is cached
-- per connection (a SQL-language function that is not inlined is planned again on every call).
CREATE OR REPLACE FUNCTION vink_audit_append(p_at timestamptz, p_actor_id uuid, p_actor_role text, p_unit_id uuid, p_purpose text,
  p_entries jsonb)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO audit_log (at, actor_id, actor_role, unit_id, action, outcome, record_type, record_id, person_id, purpose,
    criterion, content_hash, chain_version)
  SELECT date_trunc('milliseconds', p_at), p_actor_id, p_actor_role, p_unit_id, e ->> 'action', e ->> 'outcome', e ->> 'record_type',
    (e ->> 'record_id')::uuid, (e ->> 'person_id')::uuid, p_purpose, e ->> 'criterion',
    vink_audit_content_hash(date_trunc('milliseconds', p_at), p_actor_id, p_actor_role, p_unit_id, e ->> 'action', e ->> 'outcome',
      e ->> 'record_type', (e ->> 'record_id')::uuid, (e ->> 'person_id')::uuid, p_purpose, e ->> 'criterion'),
    3
  FROM jsonb_array_elements(p_entries) WITH ORDINALITY AS x (e, n) ORDER BY x.n;
END $$;

-- The sealer: links up to p_limit committed unsealed rows onto the chain's head, in seq order. Returns how many it
-- sealed, or NULL when another transaction holds the sealer's lock (it will do the work). The lock is taken with
-- try, so a second instance never queues behind the first. Runs as the owner (the app role cannot update audit_log).
CREATE FUNCTION vink_audit_seal(p_limit integer) RETURNS integer LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  v_pos bigint;
  v_prev text;
  v_hash text;
  v_n integer := 0;
  r record;
BEGIN
  IF NOT pg_try_advisory_xact_lock(7357002) THEN
    RETURN NULL;
  END IF;
  SELECT coalesce(chain_pos, seq), hash INTO v_pos, v_prev FROM audit_log WHERE hash IS NOT NULL
    ORDER BY coalesce(chain_pos, seq) DESC LIMIT 1;
  v_pos := coalesce(v_pos, 0);
  v_prev := coalesce(v_prev, repeat('0', 64));
  FOR r IN SELECT seq, content_hash FROM audit_log WHERE hash IS NULL ORDER BY seq LIMIT p_limit LOOP
    v_pos := greatest(r.seq, v_pos + 1);
    v_hash := vink_audit_link_hash(v_prev, v_pos, r.seq, r.content_hash);
    UPDATE audit_log SET chain_pos = v_pos, prev_hash = v_prev, hash = v_hash WHERE seq = r.seq;
    v_prev := v_hash;
    v_n := v_n + 1;
  END LOOP;
  RETURN v_n;
END $$;
REVOKE EXECUTE ON FUNCTION vink_audit_seal(integer) FROM PUBLIC;

-- Append-only, with one exception: sealing, which sets the three chain fields of an unsealed row once and changes
-- nothing else. Any other UPDATE, every DELETE and TRUNCATE are refused, for every role including the owner.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.chain_version = 3 AND OLD.hash IS NULL
     AND NEW.hash IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.chain_pos IS NOT NULL
     AND to_jsonb(NEW) - 'hash' - 'prev_hash' - 'chain_pos' = to_jsonb(OLD) - 'hash' - 'prev_hash' - 'chain_pos' THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
