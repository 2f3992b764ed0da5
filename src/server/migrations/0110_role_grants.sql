-- 0110 No administrator reaches case content by one action (docs/security.md, "Role grants, four eyes and enrolment
-- codes"). A role that reads case content (or decides grants) is granted only when a manager or the DPO approves it;
-- no one changes their own role; an administrator never chooses anyone's password but hands over a one-time
-- enrolment code.

-- The roles that need a second person's approval. The application derives the same set from the need-to-know table
-- (src/shared/policy.ts, grantNeedsApproval); tests/role-grants.int.test.ts fails when the two differ.
CREATE FUNCTION vink_role_needs_grant(p_role text) RETURNS boolean LANGUAGE sql IMMUTABLE AS
$$ SELECT p_role IN ('adviser', 'coordinator', 'police_liaison', 'partner', 'mentor', 'manager', 'dpo') $$;

-- An account whose role awaits approval (created with, or reset in, a role that needs a grant) signs in to nothing.
ALTER TABLE users ADD COLUMN role_pending boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN users.role_pending IS 'True while the account''s role awaits a manager''s or the DPO''s approval (role_grants); the account cannot sign in.';
GRANT SELECT (role_pending) ON users TO vink_app;
GRANT INSERT (role_pending) ON users TO vink_app;
-- An administrator never chooses a password: accounts are created without one (the user sets it with their code).
REVOKE INSERT (password_hash) ON users FROM vink_app;
GRANT UPDATE (role_pending, password_hash) ON users TO vink_app;

CREATE TABLE role_grants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units (id),
  user_id uuid NOT NULL REFERENCES users (id),
  -- What the account had when asked (NULL for a new account); the role asked for.
  previous_role text,
  requested_role text NOT NULL CONSTRAINT role_grants_requested_role_ck CHECK (requested_role IN
    ('adviser', 'coordinator', 'police_liaison', 'partner', 'mentor', 'manager', 'analyst', 'dpo', 'admin')),
  kind text NOT NULL CONSTRAINT role_grants_kind_ck CHECK (kind IN ('new_account', 'role_change', 'second_factor_reset')),
  reason text NOT NULL CONSTRAINT role_grants_reason_ck CHECK (length(reason) BETWEEN 1 AND 500),
  requested_by uuid REFERENCES users (id),
  requested_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'requested'
    CONSTRAINT role_grants_status_ck CHECK (status IN ('requested', 'approved', 'rejected', 'withdrawn')),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  note text CONSTRAINT role_grants_note_ck CHECK (length(note) <= 500),
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT role_grants_decided_ck CHECK ((status = 'requested') = (decided_at IS NULL)),
  -- Four eyes: whoever decides is neither the one who asked nor the one who gets the role.
  CONSTRAINT role_grants_four_eyes_ck CHECK (decided_by IS NULL OR status = 'withdrawn'
    OR (decided_by IS DISTINCT FROM requested_by AND decided_by <> user_id)),
  CONSTRAINT role_grants_not_self_ck CHECK (requested_by IS DISTINCT FROM user_id)
);
CREATE UNIQUE INDEX role_grants_one_open_uq ON role_grants (user_id) WHERE status = 'requested';
CREATE INDEX role_grants_unit_status_idx ON role_grants (unit_id, status, requested_at);
COMMENT ON COLUMN role_grants.reason IS 'Staff administration (ordinary): why the role is asked for. Retention: as the audit trail.';
COMMENT ON COLUMN role_grants.note IS 'Staff administration (ordinary): the approver''s note. Retention: as the audit trail.';

GRANT SELECT, INSERT ON role_grants TO vink_app;
GRANT UPDATE (status, decided_by, decided_at, note, version) ON role_grants TO vink_app;
ALTER TABLE role_grants ENABLE ROW LEVEL SECURITY;
ALTER TABLE role_grants FORCE ROW LEVEL SECURITY;
CREATE POLICY role_grants_system ON role_grants USING (current_user <> 'vink_app');
CREATE POLICY role_grants_unit ON role_grants TO vink_app
  USING (unit_id = ANY (vink_actor_units()) AND vink_actor_role() IN ('admin', 'manager', 'dpo'))
  WITH CHECK (unit_id = ANY (vink_actor_units()) AND vink_actor_role() IN ('admin', 'manager', 'dpo'));

-- The app role asks (as an administrator), withdraws (as the one who asked), and decides (as a manager or DPO who
-- is neither the asker nor the target); nothing else.
CREATE FUNCTION role_grants_app_rules() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_user <> 'vink_app' THEN RETURN NEW; END IF;
  IF TG_OP = 'INSERT' THEN
    IF vink_actor_role() <> 'admin' OR NEW.requested_by IS DISTINCT FROM vink_actor_id() THEN
      RAISE EXCEPTION 'only an administrator asks for a role grant, in their own name' USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- A role without case content takes effect at once; it is recorded as approved, decided by no one, so the
    -- list of role changes is complete. Any other role is only asked for.
    IF NEW.status <> 'requested' AND (NEW.status <> 'approved' OR NEW.decided_by IS NOT NULL OR vink_role_needs_grant(NEW.requested_role)) THEN
      RAISE EXCEPTION 'a role that needs approval is only asked for' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.status <> 'requested' OR NEW.decided_by IS DISTINCT FROM vink_actor_id() THEN
    RAISE EXCEPTION 'a role grant is decided once, in the decider''s own name' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.status = 'withdrawn' AND vink_actor_id() IS DISTINCT FROM OLD.requested_by THEN
    RAISE EXCEPTION 'only the one who asked withdraws a role grant' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.status IN ('approved', 'rejected') AND vink_actor_role() NOT IN ('manager', 'dpo') THEN
    RAISE EXCEPTION 'only a manager or the DPO decides a role grant' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER role_grants_app_rules BEFORE INSERT OR UPDATE ON role_grants
  FOR EACH ROW EXECUTE FUNCTION role_grants_app_rules();

-- Applies an approved grant: the only way the app role gives an account a role that needs a grant, or lets an
-- account whose role awaits approval sign in. Runs as the owner, so it checks the decision itself.
CREATE FUNCTION vink_apply_role_grant(p_grant uuid, p_at timestamptz) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp AS $$
DECLARE
  g role_grants%ROWTYPE;
BEGIN
  SELECT * INTO g FROM role_grants WHERE id = p_grant FOR UPDATE;
  IF NOT FOUND OR g.status <> 'approved' OR g.decided_by IS DISTINCT FROM vink_actor_id()
     OR vink_actor_role() NOT IN ('manager', 'dpo') OR NOT (g.unit_id = ANY (vink_actor_units()))
     OR g.decided_by IS NOT DISTINCT FROM g.requested_by OR g.decided_by = g.user_id THEN
    RAISE EXCEPTION 'no approved role grant decided by this actor' USING ERRCODE = 'insufficient_privilege';
  END IF;
  UPDATE users SET role = g.requested_role, role_pending = false, version = version + 1, updated_at = p_at
   WHERE id = g.user_id AND unit_id = g.unit_id;
END $$;
REVOKE ALL ON FUNCTION vink_apply_role_grant(uuid, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vink_apply_role_grant(uuid, timestamptz) TO vink_app;

-- No one changes their own role, on any path that carries an actor (requests set vink.actor_id). And the app role
-- gives a role that needs a grant, or releases an account whose role awaits one, only through vink_apply_role_grant
-- (which runs as the owner, so current_user is not vink_app there).
CREATE FUNCTION users_role_rules() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_actor text := nullif(current_setting('vink.actor_id', true), '');
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.role IS DISTINCT FROM OLD.role AND NEW.id::text = v_actor THEN
    RAISE EXCEPTION 'no one may change their own role' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF current_user = 'vink_app' THEN
    IF TG_OP = 'INSERT' AND vink_role_needs_grant(NEW.role) AND NOT NEW.role_pending THEN
      RAISE EXCEPTION 'an account in this role waits for approval' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'UPDATE' AND vink_role_needs_grant(NEW.role) AND NOT NEW.role_pending
       AND (NEW.role IS DISTINCT FROM OLD.role OR OLD.role_pending) THEN
      RAISE EXCEPTION 'this role is granted only on approval' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.password_hash IS NOT NULL AND NEW.password_hash IS DISTINCT FROM OLD.password_hash THEN
      RAISE EXCEPTION 'the app role may clear a password, never set one' USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER users_role_rules BEFORE INSERT OR UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION users_role_rules();

-- One-time enrolment codes: handed over by the administrator; the user sets their own password with it and then
-- enrols their second factor. Stored only as a SHA-256 digest (80 random bits), single use, expiring.
CREATE TABLE enrolment_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  issued_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz,
  CONSTRAINT enrolment_codes_expiry_ck CHECK (expires_at > created_at)
);
CREATE INDEX enrolment_codes_user_idx ON enrolment_codes (user_id);
COMMENT ON COLUMN enrolment_codes.code_hash IS 'SHA-256 of a one-time enrolment code; the code itself is shown once and never stored.';
GRANT INSERT (user_id, code_hash, issued_by, created_at, expires_at) ON enrolment_codes TO vink_app;
GRANT SELECT (id, user_id, used_at, revoked_at) ON enrolment_codes TO vink_app;
GRANT UPDATE (revoked_at) ON enrolment_codes TO vink_app;
ALTER TABLE enrolment_codes ENABLE ROW LEVEL SECURITY;
ALTER TABLE enrolment_codes FORCE ROW LEVEL SECURITY;
CREATE POLICY enrolment_codes_system ON enrolment_codes USING (current_user <> 'vink_app');
CREATE POLICY enrolment_codes_admin ON enrolment_codes TO vink_app
  USING (vink_actor_role() = 'admin') WITH CHECK (vink_actor_role() = 'admin' AND issued_by = vink_actor_id());
