-- 0001 Foundation: tenancy (units), staff accounts and sessions, the audit trail, and the first citizen records
-- (persons, cases, case members, case notes) with row-level security as the second line of defence.

-- The application role. Every request runs its transaction under SET LOCAL ROLE vink_app, so row-level security
-- applies even when the connection user owns the tables. It cannot log in by itself.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vink_app') THEN
    CREATE ROLE vink_app NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- roles are cluster-wide: another database's migration created it at the same moment
END $$;
DO $$
BEGIN
  EXECUTE format('GRANT vink_app TO %I', current_user);
EXCEPTION WHEN OTHERS THEN
  NULL; -- already a member, or a superuser who needs no membership
END $$;
GRANT USAGE ON SCHEMA public TO vink_app;

-- Scope of the current request, set by the access layer with set_config(..., true) (transaction-local).
CREATE FUNCTION vink_actor_id() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('vink.actor_id', true), '')::uuid $$;
CREATE FUNCTION vink_actor_units() RETURNS uuid[] LANGUAGE sql STABLE AS
$$ SELECT coalesce(nullif(current_setting('vink.unit_ids', true), ''), '{}')::uuid[] $$;

CREATE TABLE police_districts (
  id smallint PRIMARY KEY,
  name text NOT NULL CONSTRAINT police_districts_name_uq UNIQUE
);
INSERT INTO police_districts (id, name) VALUES
  (1, 'Nordjyllands Politi'), (2, 'Østjyllands Politi'), (3, 'Midt- og Vestjyllands Politi'),
  (4, 'Sydøstjyllands Politi'), (5, 'Syd- og Sønderjyllands Politi'), (6, 'Fyns Politi'),
  (7, 'Sydsjællands og Lolland-Falsters Politi'), (8, 'Midt- og Vestsjællands Politi'), (9, 'Nordsjællands Politi'),
  (10, 'Københavns Vestegns Politi'), (11, 'Københavns Politi'), (12, 'Bornholms Politi');

-- A unit is one municipality's prevention unit; every unit-owned row carries its unit_id.
CREATE TABLE units (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CONSTRAINT units_name_len_ck CHECK (length(name) BETWEEN 1 AND 200),
  municipality_code text NOT NULL CONSTRAINT units_municipality_code_uq UNIQUE
    CONSTRAINT units_municipality_code_ck CHECK (municipality_code ~ '^[0-9]{3}$'),
  police_district_id smallint NOT NULL REFERENCES police_districts (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units (id),
  username text NOT NULL CONSTRAINT users_username_uq UNIQUE
    CONSTRAINT users_username_ck CHECK (username = lower(username) AND username ~ '^[a-z0-9._@-]{3,100}$'),
  display_name text NOT NULL CONSTRAINT users_display_name_ck CHECK (length(display_name) BETWEEN 1 AND 200),
  role text NOT NULL CONSTRAINT users_role_ck CHECK (role IN
    ('adviser', 'coordinator', 'police_liaison', 'partner', 'mentor', 'manager', 'analyst', 'dpo', 'admin')),
  organisation text,
  password_hash text,
  totp_secret_enc text,
  totp_enabled_at timestamptz,
  totp_last_step bigint,
  oidc_subject text CONSTRAINT users_oidc_subject_uq UNIQUE,
  failed_attempts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON COLUMN users.display_name IS 'Staff personal data (ordinary). Retention: while employed + 5 years for audit interpretation.';
COMMENT ON COLUMN users.password_hash IS 'Argon2id hash; never leaves the server.';
COMMENT ON COLUMN users.totp_secret_enc IS 'TOTP secret, AES-256-GCM encrypted with VINK_SECRET_KEY; never leaves the server after enrolment.';

CREATE TABLE recovery_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  used_at timestamptz
);
CREATE INDEX recovery_codes_user_idx ON recovery_codes (user_id);

-- Sessions live in the database so any instance can serve any request. The id is the SHA-256 of the cookie
-- token: a leaked table does not give usable cookies.
CREATE TABLE sessions (
  id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  stage text NOT NULL CONSTRAINT sessions_stage_ck CHECK (stage IN ('second_factor', 'enrolment', 'active')),
  auth_method text NOT NULL CONSTRAINT sessions_auth_method_ck CHECK (auth_method IN ('password', 'oidc')),
  csrf_token text NOT NULL,
  pending_totp_secret_enc text,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  ended_at timestamptz,
  end_reason text
);
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE ended_at IS NULL;

-- OIDC authorisation requests in flight (state, nonce, PKCE verifier); single use, minutes long.
CREATE TABLE oidc_flows (
  id text PRIMARY KEY,
  state text NOT NULL,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  created_at timestamptz NOT NULL,
  used_at timestamptz
);

-- The audit trail: one row per read, search, change, export, delete and refused attempt on personal data.
-- Append-only (vink_app may only INSERT and SELECT; a trigger refuses UPDATE, DELETE and TRUNCATE for everyone)
-- and hash-chained: hash = sha256(prev_hash | fields), so any edit or removal breaks the chain at that row.
CREATE TABLE audit_log (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
  prev_hash text NOT NULL,
  hash text NOT NULL CONSTRAINT audit_log_hash_uq UNIQUE
);
CREATE INDEX audit_log_person_idx ON audit_log (person_id, at) WHERE person_id IS NOT NULL;
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at);
COMMENT ON COLUMN audit_log.criterion IS 'Search criterion as typed; may contain personal data (sensitive). Retention: audit class, 5 years.';
COMMENT ON COLUMN audit_log.person_id IS 'The citizen looked up; used to answer GDPR Art. 15 access requests.';

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Citizens. Never registered for faith or opinion alone: there is deliberately no religion or opinion column.
CREATE TABLE persons (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units (id),
  full_name text NOT NULL CONSTRAINT persons_full_name_ck CHECK (length(full_name) BETWEEN 1 AND 200),
  cpr text CONSTRAINT persons_cpr_ck CHECK (cpr ~ '^[0-9]{6}-[0-9]{4}$'),
  birth_date date,
  gender text NOT NULL DEFAULT 'unknown' CONSTRAINT persons_gender_ck CHECK (gender IN ('female', 'male', 'other', 'unknown')),
  district text,
  created_by uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX persons_unit_idx ON persons (unit_id);
CREATE INDEX persons_cpr_idx ON persons (cpr) WHERE cpr IS NOT NULL;
COMMENT ON COLUMN persons.full_name IS 'Personal data (ordinary, but reveals a concern about extremism: treat as Art. 9/10). Retention: concern/case class.';
COMMENT ON COLUMN persons.cpr IS 'CPR number (databeskyttelsesloven § 11); masked by default, reveal audited. Retention: concern/case class.';
COMMENT ON COLUMN persons.birth_date IS 'Personal data; used for age band and minor flag. Retention: concern/case class.';
COMMENT ON COLUMN persons.district IS 'Personal data (ordinary). Retention: concern/case class.';

CREATE TABLE cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES units (id),
  person_id uuid NOT NULL REFERENCES persons (id),
  title text NOT NULL CONSTRAINT cases_title_ck CHECK (length(title) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'open' CONSTRAINT cases_status_ck CHECK (status IN ('open', 'closed')),
  prevention_level text NOT NULL DEFAULT 'green' CONSTRAINT cases_prevention_level_ck CHECK (prevention_level IN ('green', 'yellow', 'red')),
  owner_id uuid REFERENCES users (id),
  closure_reason text,
  closed_at timestamptz,
  created_by uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT cases_closed_ck CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX cases_unit_idx ON cases (unit_id, status);
CREATE INDEX cases_person_idx ON cases (person_id);
COMMENT ON COLUMN cases.title IS 'Free text; may contain personal data (Art. 9/10). Retention: case class.';
COMMENT ON COLUMN cases.closure_reason IS 'Free text; may contain personal data (Art. 9/10). Retention: case class.';

-- Who works on a case: the relation decides what a member may see (need to know).
CREATE TABLE case_members (
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id),
  unit_id uuid NOT NULL REFERENCES units (id),
  relation text NOT NULL CONSTRAINT case_members_relation_ck CHECK (relation IN ('owner', 'adviser', 'police', 'partner', 'mentor')),
  legal_basis text CONSTRAINT case_members_legal_basis_ck CHECK (legal_basis IN ('retsplejeloven_115', 'serviceloven', 'consent', 'other')),
  added_at timestamptz NOT NULL,
  added_by uuid REFERENCES users (id),
  PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_members_user_idx ON case_members (user_id);
COMMENT ON COLUMN case_members.legal_basis IS 'Legal basis of the disclosure to this member (partners and police).';

CREATE TABLE case_notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  author_id uuid NOT NULL REFERENCES users (id),
  written_at timestamptz NOT NULL,
  body text NOT NULL CONSTRAINT case_notes_body_ck CHECK (length(body) BETWEEN 1 AND 20000),
  shared_with_partners boolean NOT NULL DEFAULT false
);
CREATE INDEX case_notes_case_idx ON case_notes (case_id, written_at);
COMMENT ON COLUMN case_notes.body IS 'Duty-to-record note (notatpligt); sensitive (Art. 9/10). Retention: case class.';

-- Grants: the app role reads and writes citizen data under RLS; staff and session tables are handled by the
-- authentication service in system context.
GRANT SELECT ON police_districts, units TO vink_app;
-- Administration (users.manage in policy.ts) creates and changes staff accounts, ends their sessions and resets
-- their second factor; the access layer allows it to administrators only.
GRANT SELECT, INSERT, UPDATE ON users TO vink_app;
GRANT SELECT, UPDATE ON sessions TO vink_app;
GRANT SELECT, DELETE ON recovery_codes TO vink_app;
GRANT SELECT, INSERT, UPDATE ON persons, cases, case_notes TO vink_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON case_members TO vink_app;
GRANT SELECT, INSERT ON audit_log TO vink_app;

-- Row-level security. The first policy of each table lets the owner (migrations, jobs in system context) through;
-- the second confines vink_app to the actor's units or to cases the actor is a member of.
ALTER TABLE persons ENABLE ROW LEVEL SECURITY;
ALTER TABLE persons FORCE ROW LEVEL SECURITY;
ALTER TABLE cases ENABLE ROW LEVEL SECURITY;
ALTER TABLE cases FORCE ROW LEVEL SECURITY;
ALTER TABLE case_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_members FORCE ROW LEVEL SECURITY;
ALTER TABLE case_notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_notes FORCE ROW LEVEL SECURITY;

-- Membership test for policies. SECURITY DEFINER so a policy on case_members can use it without recursing into
-- its own policy; it only answers whether the current actor is a member of the case.
CREATE FUNCTION vink_actor_is_member(p_case uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT EXISTS (SELECT 1 FROM case_members WHERE case_id = p_case AND user_id = vink_actor_id()) $$;

CREATE POLICY case_members_system ON case_members USING (current_user <> 'vink_app');
CREATE POLICY case_members_scope ON case_members TO vink_app
  USING (unit_id = ANY (vink_actor_units()) OR user_id = vink_actor_id() OR vink_actor_is_member(case_id))
  WITH CHECK (unit_id = ANY (vink_actor_units()) OR vink_actor_is_member(case_id));

CREATE POLICY cases_system ON cases USING (current_user <> 'vink_app');
CREATE POLICY cases_scope ON cases TO vink_app
  USING (unit_id = ANY (vink_actor_units()) OR vink_actor_is_member(id))
  WITH CHECK (unit_id = ANY (vink_actor_units()) OR vink_actor_is_member(id));

CREATE POLICY case_notes_system ON case_notes USING (current_user <> 'vink_app');
CREATE POLICY case_notes_scope ON case_notes TO vink_app
  USING (unit_id = ANY (vink_actor_units()) OR vink_actor_is_member(case_id))
  WITH CHECK (unit_id = ANY (vink_actor_units()) OR vink_actor_is_member(case_id));

CREATE POLICY persons_system ON persons USING (current_user <> 'vink_app');
CREATE POLICY persons_scope ON persons TO vink_app
  USING (unit_id = ANY (vink_actor_units())
         OR EXISTS (SELECT 1 FROM cases c WHERE c.person_id = persons.id AND vink_actor_is_member(c.id)))
  WITH CHECK (unit_id = ANY (vink_actor_units())
         OR EXISTS (SELECT 1 FROM cases c WHERE c.person_id = persons.id AND vink_actor_is_member(c.id)));
