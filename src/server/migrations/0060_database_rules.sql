-- 0060 The database backs the rules (docs/architecture.md): what the access layer promises is also what the app role
-- vink_app can do at all. Staff credentials are out of its reach, row-level security follows the need-to-know table
-- (src/shared/policy.ts) where a rule can be said in SQL, and audit rows are written only through the chain writer.

-- The actor's role, set by the access layer next to vink.actor_id and vink.unit_ids (access/scope.ts runScoped).
CREATE FUNCTION vink_actor_role() RETURNS text LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('vink.actor_role', true), '') $$;

-- SECURITY DEFINER functions must not resolve names through the caller's temporary schema: pg_temp is searched
-- first unless it is named, so the app role could shadow case_members or concern_shares with a temporary table of
-- its own and make the membership tests answer yes. pg_temp goes last.
ALTER FUNCTION vink_actor_is_member(uuid) SET search_path = public, pg_temp;
ALTER FUNCTION vink_actor_has_concern(uuid) SET search_path = public, pg_temp;
ALTER FUNCTION vink_actor_has_person_concern(uuid) SET search_path = public, pg_temp;

-- 1. Staff credentials. Requests run as vink_app; sign-in, session checks and enrolment run as the owner (system
-- context), so the app role never needs a password hash, a TOTP secret (enrolled or pending), the TOTP replay step,
-- the failed-attempt counter, a session's CSRF token or a recovery-code digest. Column privileges replace the
-- table-wide grants of 0001: a query that names one of those columns, or SELECT * / RETURNING *, fails with
-- "permission denied".
REVOKE SELECT, INSERT, UPDATE ON users FROM vink_app;
GRANT SELECT (id, unit_id, username, display_name, role, organisation, totp_enabled_at, oidc_subject, locked_until,
  disabled_at, version, created_at, updated_at) ON users TO vink_app;
-- Administration (users.manage) creates accounts with a first password (hashed by the server) or an OIDC subject.
GRANT INSERT (unit_id, username, display_name, role, organisation, password_hash, oidc_subject, created_at, updated_at)
  ON users TO vink_app;
-- ... changes name, role and organisation, disables, and resets the second factor (which also clears a lock).
GRANT UPDATE (display_name, role, organisation, disabled_at, version, updated_at,
  totp_secret_enc, totp_enabled_at, totp_last_step, failed_attempts, locked_until) ON users TO vink_app;

REVOKE SELECT, UPDATE ON sessions FROM vink_app;
GRANT SELECT (id, user_id, stage, auth_method, created_at, last_seen_at, ended_at, end_reason) ON sessions TO vink_app;
-- Disabling an account or resetting its second factor ends the user's sessions.
GRANT UPDATE (ended_at, end_reason) ON sessions TO vink_app;

REVOKE SELECT ON recovery_codes FROM vink_app;
GRANT SELECT (id, user_id, used_at) ON recovery_codes TO vink_app;

-- Staff accounts are written by an administrator of the same unit only (users.manage: admin; the service confines
-- it to the administrator's units). Every staff member may read the non-secret columns (names for case members,
-- the directory, the audit log's actor names).
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY users_system ON users USING (current_user <> 'vink_app');
CREATE POLICY users_read ON users FOR SELECT TO vink_app USING (true);
CREATE POLICY users_admin_insert ON users FOR INSERT TO vink_app
  WITH CHECK (vink_actor_role() = 'admin' AND unit_id = ANY (vink_actor_units()));
CREATE POLICY users_admin_update ON users FOR UPDATE TO vink_app
  USING (vink_actor_role() = 'admin' AND unit_id = ANY (vink_actor_units()))
  WITH CHECK (vink_actor_role() = 'admin' AND unit_id = ANY (vink_actor_units()));

-- The administrator resets a second factor or a lock; only sign-in (as the owner) sets them. So the app role may
-- clear those columns but never write a secret, an enrolment, a replay step, a lock or a higher failure count.
CREATE FUNCTION users_app_clears_credentials_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_user = 'vink_app' AND (
       (NEW.totp_secret_enc IS NOT NULL AND NEW.totp_secret_enc IS DISTINCT FROM OLD.totp_secret_enc)
    OR (NEW.totp_enabled_at IS NOT NULL AND NEW.totp_enabled_at IS DISTINCT FROM OLD.totp_enabled_at)
    OR (NEW.totp_last_step IS NOT NULL AND NEW.totp_last_step IS DISTINCT FROM OLD.totp_last_step)
    OR (NEW.locked_until IS NOT NULL AND NEW.locked_until IS DISTINCT FROM OLD.locked_until)
    OR NEW.failed_attempts > OLD.failed_attempts) THEN
    RAISE EXCEPTION 'the app role may clear a second factor or a lock, never set one' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER users_app_clears_credentials_only BEFORE UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION users_app_clears_credentials_only();

-- The app role may end sessions (as an administrator), never revive or extend one.
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY sessions_system ON sessions USING (current_user <> 'vink_app');
CREATE POLICY sessions_read ON sessions FOR SELECT TO vink_app USING (vink_actor_role() = 'admin' OR user_id = vink_actor_id());
CREATE POLICY sessions_admin_end ON sessions FOR UPDATE TO vink_app
  USING (vink_actor_role() = 'admin') WITH CHECK (ended_at IS NOT NULL);

-- 2. Row-level security as fine as the need-to-know table. These policies are RESTRICTIVE: they narrow what the
-- permissive *_scope policies of 0001/0002 let through (own unit, member, mentor) for one role each.

-- case.notes.read: a partner reads only the notes shared with partners (access/policy.ts seesOnlySharedNotes).
CREATE POLICY case_notes_partner_shared ON case_notes AS RESTRICTIVE TO vink_app
  USING (vink_actor_role() IS DISTINCT FROM 'partner' OR shared_with_partners);

-- course.read / course.sessions.create: a mentor or coach reaches only their own courses, not every course of their
-- unit or of a case they are a member of (courses/policy.ts, reach 'mentor').
CREATE POLICY courses_mentor_own ON courses AS RESTRICTIVE TO vink_app
  USING (vink_actor_role() IS DISTINCT FROM 'mentor' OR mentor_id = vink_actor_id());
CREATE POLICY course_sessions_mentor_own ON course_sessions AS RESTRICTIVE TO vink_app
  USING (vink_actor_role() IS DISTINCT FROM 'mentor'
         OR EXISTS (SELECT 1 FROM courses c WHERE c.id = course_id AND c.mentor_id = vink_actor_id()));

-- 3. The audit trail is written only by vink_audit_append: it takes the chain lock, reads the head and inserts each
-- entry with its link, so the app role can neither skip a link nor write a row that does not chain. The hash is
-- computed here over the values as stored (uuids in their canonical lower-case text, the time in UTC to the
-- millisecond), and src/server/audit/chain.ts reproduces it from the stored row:
--   sha256(utf8('vink-audit-v2' || for each of prev_hash, at, actor_id, actor_role, unit_id, action, outcome,
--          record_type, record_id, person_id, purpose, criterion: LF || ('-' if NULL else byte length || ':' || text)))
-- Rows written before this migration keep chain_version 1 (the JSON form hashed by the server).
ALTER TABLE audit_log ADD COLUMN chain_version smallint NOT NULL DEFAULT 1
  CONSTRAINT audit_log_chain_version_ck CHECK (chain_version IN (1, 2));
ALTER TABLE audit_log ALTER COLUMN chain_version DROP DEFAULT;
COMMENT ON COLUMN audit_log.chain_version IS 'How hash was computed: 1 = JSON by the server (before 0060), 2 = vink_audit_hash over the stored row.';

CREATE FUNCTION vink_audit_field(v text) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT E'\n' || CASE WHEN v IS NULL THEN '-' ELSE octet_length(v)::text || ':' || v END $$;

CREATE FUNCTION vink_audit_hash(p_prev text, p_at timestamptz, p_actor_id uuid, p_actor_role text, p_unit_id uuid,
  p_action text, p_outcome text, p_record_type text, p_record_id uuid, p_person_id uuid, p_purpose text, p_criterion text)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to('vink-audit-v2'
    || vink_audit_field(p_prev)
    || vink_audit_field(to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    || vink_audit_field(p_actor_id::text) || vink_audit_field(p_actor_role) || vink_audit_field(p_unit_id::text)
    || vink_audit_field(p_action) || vink_audit_field(p_outcome) || vink_audit_field(p_record_type)
    || vink_audit_field(p_record_id::text) || vink_audit_field(p_person_id::text) || vink_audit_field(p_purpose)
    || vink_audit_field(p_criterion), 'UTF8')), 'hex')
$$;

-- Appends a batch of entries that share one context (who, when, why). p_entries is a JSON array of objects with
-- action, outcome, record_type, record_id, person_id and criterion, written in array order. The time is kept to
-- the millisecond, the precision the server and the verifier work in.
CREATE FUNCTION vink_audit_append(p_at timestamptz, p_actor_id uuid, p_actor_role text, p_unit_id uuid, p_purpose text,
  p_entries jsonb)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_at timestamptz := date_trunc('milliseconds', p_at);
  v_prev text;
  v_hash text;
  e jsonb;
BEGIN
  -- One advisory lock (also 7357001 before 0060) serialises appends so each row chains onto the true previous row.
  PERFORM pg_advisory_xact_lock(7357001);
  SELECT hash INTO v_prev FROM audit_log ORDER BY seq DESC LIMIT 1;
  v_prev := coalesce(v_prev, repeat('0', 64));
  FOR e IN SELECT x.value FROM jsonb_array_elements(p_entries) WITH ORDINALITY AS x (value, n) ORDER BY x.n LOOP
    v_hash := vink_audit_hash(v_prev, v_at, p_actor_id, p_actor_role, p_unit_id, e ->> 'action', e ->> 'outcome',
      e ->> 'record_type', (e ->> 'record_id')::uuid, (e ->> 'person_id')::uuid, p_purpose, e ->> 'criterion');
    INSERT INTO audit_log (at, actor_id, actor_role, unit_id, action, outcome, record_type, record_id, person_id, purpose,
      criterion, prev_hash, hash, chain_version)
    VALUES (v_at, p_actor_id, p_actor_role, p_unit_id, e ->> 'action', e ->> 'outcome', e ->> 'record_type',
      (e ->> 'record_id')::uuid, (e ->> 'person_id')::uuid, p_purpose, e ->> 'criterion', v_prev, v_hash, 2);
    v_prev := v_hash;
  END LOOP;
END $$;
REVOKE EXECUTE ON FUNCTION vink_audit_append(timestamptz, uuid, text, uuid, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vink_audit_append(timestamptz, uuid, text, uuid, text, jsonb) TO vink_app;
-- The app role reads the trail (the DPO's audit search) but no longer inserts into it directly.
REVOKE INSERT ON audit_log FROM vink_app;
