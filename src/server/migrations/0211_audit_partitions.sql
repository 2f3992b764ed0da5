-- 0211 The audit log partitioned by month (docs/retention.md, "The audit log"; docs/security.md, "The audit trail").
--
-- The audit class of the retention schedule ends rows by dropping whole monthly partitions, which the append-only
-- trigger does not (and need not) see, instead of deleting rows, which it refuses. Before a purge the job writes a
-- signed checkpoint (audit_checkpoints) of the chain at the new start: the last purged row's chain position and hash
-- and how many rows the chain had up to it, signed with the anchor key the database does not hold. Verification
-- starts at the newest checkpoint below the oldest retained row, so it still finds edits, removals and a truncated
-- start of what remains; the anchor file finds removals at the end, as before.
--
-- The table is re-created as a partitioned table with the same columns, constraints, rights and triggers; every row
-- is copied with its sequence number, and the identity continues after the highest. A partitioned table cannot have
-- a unique index without the partition key: the hash and chain position stay unique by construction (the sealer's
-- lock, migration 0130) and are indexed without UNIQUE.

ALTER TABLE audit_log RENAME TO audit_log_before_0211;

CREATE TABLE audit_log (
  seq bigint GENERATED ALWAYS AS IDENTITY,
  at timestamptz NOT NULL,
  actor_id uuid,
  actor_role text,
  unit_id uuid,
  action text NOT NULL CONSTRAINT audit_log_action_ck CHECK (action IN
    ('read', 'search', 'create', 'update', 'delete', 'export', 'reveal',
     'sign_in', 'sign_in_failed', 'sign_out', 'account_locked', 'second_factor_reset')),
  outcome text NOT NULL CONSTRAINT audit_log_outcome_ck CHECK (outcome IN ('ok', 'denied')),
  record_type text,
  record_id uuid,
  person_id uuid,
  purpose text,
  criterion text,
  prev_hash text,
  hash text,
  chain_version smallint NOT NULL CONSTRAINT audit_log_chain_version_ck CHECK (chain_version IN (1, 2, 3)),
  content_hash text,
  chain_pos bigint,
  CONSTRAINT audit_log_chain_shape_ck CHECK (
    CASE WHEN chain_version = 3
      THEN content_hash IS NOT NULL AND (hash IS NULL) = (prev_hash IS NULL) AND (hash IS NULL) = (chain_pos IS NULL)
      ELSE hash IS NOT NULL AND prev_hash IS NOT NULL AND content_hash IS NULL AND chain_pos IS NULL
    END)
) PARTITION BY RANGE (at);

-- The safety net: a row whose month has no partition (yet) lands here. The job creates months ahead of time.
CREATE TABLE audit_log_default PARTITION OF audit_log DEFAULT;

-- One partition per calendar month (UTC) from p_from to p_until. A month whose rows already sit in the default
-- partition is left there (creating it would fail); its rows stay, and are never purged by a partition drop.
CREATE FUNCTION vink_audit_ensure_partitions(p_from timestamptz, p_until timestamptz) RETURNS integer
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  m timestamptz := date_trunc('month', p_from AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  n timestamptz;
  v_name text;
  v_made integer := 0;
BEGIN
  WHILE m < p_until LOOP
    n := (date_trunc('month', m AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
    v_name := 'audit_log_' || to_char(m AT TIME ZONE 'UTC', 'YYYY_MM');
    IF to_regclass(v_name) IS NULL AND NOT EXISTS (SELECT 1 FROM audit_log_default WHERE at >= m AND at < n) THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF audit_log FOR VALUES FROM (%L) TO (%L)', v_name, m, n);
      v_made := v_made + 1;
    END IF;
    m := n;
  END LOOP;
  RETURN v_made;
END $$;
REVOKE EXECUTE ON FUNCTION vink_audit_ensure_partitions(timestamptz, timestamptz) FROM PUBLIC;

-- The months the rows already have, and three ahead.
SELECT vink_audit_ensure_partitions(coalesce((SELECT min(at) FROM audit_log_before_0211), now()), now() + interval '3 months');

INSERT INTO audit_log (seq, at, actor_id, actor_role, unit_id, action, outcome, record_type, record_id, person_id, purpose, criterion,
                       prev_hash, hash, chain_version, content_hash, chain_pos)
  OVERRIDING SYSTEM VALUE
  SELECT seq, at, actor_id, actor_role, unit_id, action, outcome, record_type, record_id, person_id, purpose, criterion,
         prev_hash, hash, chain_version, content_hash, chain_pos
    FROM audit_log_before_0211 ORDER BY seq;
SELECT setval(pg_get_serial_sequence('audit_log', 'seq'), coalesce((SELECT max(seq) FROM audit_log_before_0211), 1),
              (SELECT max(seq) FROM audit_log_before_0211) IS NOT NULL);
-- Sequence numbers already used by rolled-back appends stay unused: continue after the old sequence's last value.
SELECT setval(pg_get_serial_sequence('audit_log', 'seq'), last_value, true)
  FROM pg_sequences WHERE schemaname = 'public' AND sequencename = 'audit_log_seq_seq' AND last_value IS NOT NULL
   AND last_value > (SELECT coalesce(max(seq), 0) FROM audit_log_before_0211);

DROP TABLE audit_log_before_0211;

ALTER TABLE audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY (seq, at);
CREATE INDEX audit_log_hash_idx ON audit_log (hash);
CREATE INDEX audit_log_person_idx ON audit_log (person_id, at) WHERE person_id IS NOT NULL;
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at);
CREATE INDEX audit_log_chain_pos_idx ON audit_log ((coalesce(chain_pos, seq))) WHERE hash IS NOT NULL;
CREATE INDEX audit_log_unsealed_idx ON audit_log (seq) WHERE hash IS NULL;
COMMENT ON COLUMN audit_log.criterion IS 'Search criterion as typed; may contain personal data (sensitive). Retention: audit class (docs/retention.md).';
COMMENT ON COLUMN audit_log.person_id IS 'The citizen looked up; used to answer GDPR Art. 15 access requests. Retention: audit class.';
COMMENT ON COLUMN audit_log.chain_version IS 'How hash was computed: 1 = JSON by the server (before 0060), 2 = vink_audit_hash over the stored row, 3 = sealed (0130).';
COMMENT ON COLUMN audit_log.content_hash IS 'chain_version 3: sha256 over the stored values, computed by the writer (migration 0130).';
COMMENT ON COLUMN audit_log.chain_pos IS 'chain_version 3: the position the sealer linked the row at; NULL while unsealed. Rows before 0130 are at their seq.';

CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
GRANT SELECT ON audit_log TO vink_app;

-- Signed checkpoints of the chain at a purge boundary (an anchor kept in the database: src/server/audit/anchor.ts).
CREATE TABLE audit_checkpoints (
  seq bigint PRIMARY KEY,
  hash text NOT NULL CONSTRAINT audit_checkpoints_hash_ck CHECK (hash ~ '^[0-9a-f]{64}$'),
  count bigint NOT NULL CONSTRAINT audit_checkpoints_count_ck CHECK (count > 0),
  at text NOT NULL,
  mac text NOT NULL CONSTRAINT audit_checkpoints_mac_ck CHECK (mac ~ '^[0-9a-f]{64}$'),
  boundary timestamptz NOT NULL
);
COMMENT ON TABLE audit_checkpoints IS 'Signed checkpoints of the audit chain where purged months end: the last purged row''s position and hash and the rows up to it. No personal data.';
CREATE TRIGGER audit_checkpoints_no_update_delete BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

-- The monthly partitions a purge at p_cutoff may drop: whole months ending at or before the cutoff, oldest first, up
-- to (not including) the first month that holds a row about a person under a legal hold; with the number of sealed
-- rows, the last row (chain position and hash) among them, whether every row of theirs is sealed, and whether they
-- are the start of the chain (no remaining row precedes any of them), as a purge needs.
CREATE FUNCTION vink_audit_purge_plan(p_cutoff timestamptz)
RETURNS TABLE (partitions text[], upper_bound timestamptz, held_partitions integer, rows_purged bigint, last_pos bigint,
               last_hash text, all_sealed boolean, is_prefix boolean)
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
DECLARE
  r record;
  v_parts text[] := '{}';
  v_upper timestamptz;
  v_held integer := 0;
  v_blocked boolean := false;
BEGIN
  FOR r IN
    SELECT c.relname AS name, (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''([^'']+)''\)'))[1]::timestamptz AS upper_at
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'audit_log'::regclass AND c.relname ~ '^audit_log_[0-9]{4}_[0-9]{2}$'
     ORDER BY c.relname
  LOOP
    EXIT WHEN r.upper_at > p_cutoff;
    IF v_blocked OR EXISTS (SELECT 1 FROM audit_log a JOIN legal_holds h ON h.person_id = a.person_id AND h.lifted_at IS NULL
                             WHERE a.at >= r.upper_at - interval '1 month' AND a.at < r.upper_at) THEN
      v_blocked := true;
      v_held := v_held + 1;
      CONTINUE;
    END IF;
    v_parts := v_parts || r.name::text;
    v_upper := r.upper_at;
  END LOOP;
  IF v_upper IS NULL THEN
    RETURN QUERY SELECT v_parts, NULL::timestamptz, v_held, 0::bigint, NULL::bigint, NULL::text, true, true;
    RETURN;
  END IF;
  RETURN QUERY
    WITH gone AS (SELECT coalesce(chain_pos, seq) AS pos, hash FROM audit_log WHERE at < v_upper AND tableoid <> 'audit_log_default'::regclass),
         kept AS (SELECT coalesce(chain_pos, seq) AS pos, hash FROM audit_log WHERE NOT (at < v_upper AND tableoid <> 'audit_log_default'::regclass))
    SELECT v_parts, v_upper, v_held,
           (SELECT count(*) FROM gone WHERE hash IS NOT NULL),
           (SELECT max(pos) FROM gone WHERE hash IS NOT NULL),
           (SELECT g.hash FROM gone g WHERE g.hash IS NOT NULL ORDER BY g.pos DESC LIMIT 1),
           NOT EXISTS (SELECT 1 FROM gone WHERE hash IS NULL),
           coalesce((SELECT max(pos) FROM gone) < (SELECT min(pos) FROM kept WHERE hash IS NOT NULL), true);
END $$;
REVOKE EXECUTE ON FUNCTION vink_audit_purge_plan(timestamptz) FROM PUBLIC;

-- Drops the named monthly partitions of audit_log (the audit class's purge, after vink_audit_purge_plan and the
-- checkpoint). Only partitions of audit_log named by month; never the default partition.
CREATE FUNCTION vink_audit_drop_partitions(p_partitions text[]) RETURNS integer
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  v_name text;
  v_n integer := 0;
BEGIN
  FOREACH v_name IN ARRAY p_partitions LOOP
    IF v_name !~ '^audit_log_[0-9]{4}_[0-9]{2}$' OR NOT EXISTS (
         SELECT 1 FROM pg_inherits i WHERE i.inhparent = 'audit_log'::regclass AND i.inhrelid = to_regclass(v_name)) THEN
      RAISE EXCEPTION 'not a monthly partition of audit_log: %', v_name USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('DROP TABLE %I', v_name);
    v_n := v_n + 1;
  END LOOP;
  RETURN v_n;
END $$;
REVOKE EXECUTE ON FUNCTION vink_audit_drop_partitions(text[]) FROM PUBLIC;
