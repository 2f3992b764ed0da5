-- 0120 Row-level security follows the need-to-know table within the unit (docs/architecture.md, step 6;
-- docs/security.md, "Database"). Until now vink_app saw every person, case, concern and course of the actor's units;
-- the repositories narrowed each query to the policy's reach. Now the database narrows too: for each kind of row, a
-- role sees (and may write) only the rows one of its reaches for that kind covers.
--
-- The reaches are not written here. access_reach is a copy of src/shared/policy.ts and access_row_actions says which
-- actions each kind of row serves (src/server/platform/access-reach.ts); the migration runner rewrites both from the
-- code at every start, in the migrations' transaction. This file only says what each reach means for each table.
-- Every function below that reads other tables is SECURITY DEFINER with search_path public, pg_temp (see 0060).

CREATE TABLE access_reach (
  role text NOT NULL,
  action text NOT NULL,
  reach text NOT NULL CONSTRAINT access_reach_reach_ck CHECK (reach IN ('unit', 'member', 'owner', 'creator', 'shared', 'mentor', 'any')),
  PRIMARY KEY (role, action, reach)
);
COMMENT ON TABLE access_reach IS 'Copy of the need-to-know table (src/shared/policy.ts), rewritten at every start by the migration runner. No personal data.';
CREATE TABLE access_row_actions (
  kind text NOT NULL,
  action text NOT NULL,
  PRIMARY KEY (kind, action)
);
COMMENT ON TABLE access_row_actions IS 'Which actions each kind of row serves (src/server/platform/access-reach.ts ROW_KINDS), rewritten at every start.';
-- The two joined, one row per (kind, role, reach): what the policies ask. Rewritten with them at every start.
CREATE TABLE access_row_reach (
  kind text NOT NULL,
  role text NOT NULL,
  reach text NOT NULL,
  PRIMARY KEY (kind, role, reach)
);
COMMENT ON TABLE access_row_reach IS 'Reaches of each role on each kind of row: access_reach joined with access_row_actions at every start.';
GRANT SELECT ON access_reach, access_row_actions, access_row_reach TO vink_app;

-- Whether the actor's role has p_reach on rows of p_kind.
CREATE FUNCTION vink_actor_may(p_kind text, p_reach text) RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT EXISTS (SELECT 1 FROM access_row_reach WHERE kind = p_kind AND role = vink_actor_role() AND reach = p_reach) $$;

-- What the policies compare a row with, each computed once per statement: a policy calls them in uncorrelated
-- subqueries, `unit_id = ANY ((SELECT vink_reach_units('case'))::uuid[])` or `id IN (SELECT vink_reach_case_ids(…))`,
-- which PostgreSQL runs once and then probes (the sets as a hash), instead of a function call per row. One call per
-- reach shape keeps the policies short to plan. PL/pgSQL keeps each query's plan for the session. The set functions
-- are SECURITY DEFINER, so that a policy does not recurse into the policies of the tables they read; they answer only
-- about the current actor. pg_temp last (see 0060).

-- The actor's units when the role has unit reach on p_kind, else none.
CREATE FUNCTION vink_reach_units(p_kind text) RETURNS uuid[] LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF vink_actor_may(p_kind, 'unit') THEN RETURN vink_actor_units(); END IF;
  RETURN '{}';
END $$;
-- The actor's id when the role has p_reach on p_kind and a column of the row names the actor (creator, mentor).
CREATE FUNCTION vink_reach_actor(p_kind text, p_reach text) RETURNS uuid LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF vink_actor_may(p_kind, p_reach) THEN RETURN vink_actor_id(); END IF;
  RETURN NULL;
END $$;
-- The cases whose rows of p_kind the role reaches: those the actor is a member of (member) or owns (owner), and with
-- p_mentor those with a course the actor mentors (mentor; for courses themselves the mentor column decides).
CREATE FUNCTION vink_reach_case_ids(p_kind text, p_mentor boolean) RETURNS SETOF uuid
LANGUAGE plpgsql STABLE ROWS 50 SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF vink_actor_may(p_kind, 'member') THEN
    RETURN QUERY SELECT case_id FROM case_members WHERE user_id = vink_actor_id();
  ELSIF vink_actor_may(p_kind, 'owner') THEN
    RETURN QUERY SELECT case_id FROM case_members WHERE user_id = vink_actor_id() AND relation = 'owner';
  END IF;
  IF p_mentor AND vink_actor_may(p_kind, 'mentor') THEN
    RETURN QUERY SELECT case_id FROM courses WHERE mentor_id = vink_actor_id();
  END IF;
END $$;
-- The persons the role reaches beyond unit and creator: of a case the actor is a member of (member), of a concern
-- shared with the actor (shared), of a course the actor mentors (mentor).
CREATE FUNCTION vink_reach_person_ids() RETURNS SETOF uuid
LANGUAGE plpgsql STABLE ROWS 50 SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF vink_actor_may('person', 'member') THEN
    RETURN QUERY SELECT c.person_id FROM case_members m JOIN cases c ON c.id = m.case_id WHERE m.user_id = vink_actor_id();
  END IF;
  IF vink_actor_may('person', 'shared') THEN
    RETURN QUERY SELECT k.person_id FROM concern_shares s JOIN concerns k ON k.id = s.concern_id WHERE s.user_id = vink_actor_id();
  END IF;
  IF vink_actor_may('person', 'mentor') THEN
    RETURN QUERY SELECT c.person_id FROM courses co JOIN cases c ON c.id = co.case_id WHERE co.mentor_id = vink_actor_id();
  END IF;
END $$;
-- The concerns shared with the actor, when the role has shared reach on concerns.
CREATE FUNCTION vink_reach_concern_ids() RETURNS SETOF uuid
LANGUAGE plpgsql STABLE ROWS 50 SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF vink_actor_may('concern', 'shared') THEN
    RETURN QUERY SELECT concern_id FROM concern_shares WHERE user_id = vink_actor_id();
  END IF;
END $$;
-- The persons of the cases the actor is a member of, whatever the role (the permissive policy below).
CREATE FUNCTION vink_actor_case_person_ids() RETURNS SETOF uuid
LANGUAGE plpgsql STABLE ROWS 50 SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN QUERY SELECT c.person_id FROM case_members m JOIN cases c ON c.id = m.case_id WHERE m.user_id = vink_actor_id();
END $$;
CREATE INDEX concern_shares_user_idx ON concern_shares (user_id);
CREATE INDEX courses_case_idx ON courses (case_id);

-- The permissive persons policy of 0001 asked, per person outside the unit, for a visible case with the actor as a
-- member: a subquery under the cases policies for every row. The same rule as a set, probed as a hash.
DROP POLICY persons_scope ON persons;
CREATE POLICY persons_scope ON persons TO vink_app
  USING (unit_id = ANY (vink_actor_units()) OR id IN (SELECT vink_actor_case_person_ids()))
  WITH CHECK (unit_id = ANY (vink_actor_units()) OR id IN (SELECT vink_actor_case_person_ids()));

-- The reach conditions, one RESTRICTIVE policy per table: they narrow what the permissive *_scope policies (own
-- unit, member, shared) let through. With no role setting, or a role without a reach for the kind, nothing passes.
-- Without FOR, a policy covers SELECT, INSERT, UPDATE and DELETE, and its USING is also the WITH CHECK: the app role
-- writes only rows it could read under the same reach.
CREATE POLICY persons_reach ON persons AS RESTRICTIVE TO vink_app USING (
     unit_id = ANY ((SELECT vink_reach_units('person'))::uuid[])
  OR created_by = (SELECT vink_reach_actor('person', 'creator'))
  OR id IN (SELECT vink_reach_person_ids()));
CREATE POLICY concerns_reach ON concerns AS RESTRICTIVE TO vink_app USING (
     unit_id = ANY ((SELECT vink_reach_units('concern'))::uuid[])
  OR registered_by = (SELECT vink_reach_actor('concern', 'creator'))
  OR id IN (SELECT vink_reach_concern_ids()));
CREATE POLICY courses_reach ON courses AS RESTRICTIVE TO vink_app USING (
     unit_id = ANY ((SELECT vink_reach_units('course'))::uuid[])
  OR case_id IN (SELECT vink_reach_case_ids('course', false))
  OR mentor_id = (SELECT vink_reach_actor('course', 'mentor')));
-- Rows that hang on a case, by kind (platform/access-reach.ts ROW_KINDS).
DO $$
DECLARE
  t text; kind text; case_col text; mentor boolean;
BEGIN
  FOR t, kind, case_col, mentor IN VALUES
    ('cases', 'case', 'id', true),
    ('case_status_changes', 'case', 'case_id', true),
    ('offers', 'offer', 'case_id', false),
    ('follow_ups', 'follow_up', 'case_id', false),
    ('case_notes', 'case_note', 'case_id', false),
    ('assessments', 'assessment', 'case_id', false)
  LOOP
    EXECUTE format($f$CREATE POLICY %I ON %I AS RESTRICTIVE TO vink_app USING (
         unit_id = ANY ((SELECT vink_reach_units(%L))::uuid[])
      OR %I IN (SELECT vink_reach_case_ids(%L, %L)))$f$, t || '_reach', t, kind, case_col, kind, mentor);
  END LOOP;
END $$;
-- What hangs on a concern or a course is visible exactly when the concern or course is (the subquery runs under
-- their policies).
CREATE POLICY concern_behaviours_reach ON concern_behaviours AS RESTRICTIVE TO vink_app
  USING (EXISTS (SELECT 1 FROM concerns k WHERE k.id = concern_id));
CREATE POLICY infohus_assessments_reach ON infohus_assessments AS RESTRICTIVE TO vink_app
  USING (EXISTS (SELECT 1 FROM concerns k WHERE k.id = concern_id));
CREATE POLICY course_sessions_reach ON course_sessions AS RESTRICTIVE TO vink_app
  USING (EXISTS (SELECT 1 FROM courses co WHERE co.id = course_id));

-- Search before create (person.match) compares with every person of the unit, also those the actor may not read
-- (an adviser registers a concern about someone another adviser registered). The app role no longer sees those rows,
-- so the comparison runs here, as the owner, and answers only what the match contract reveals for such a person:
-- its id (which the server seals into an actor-bound handle and never sends), how it matched, and the birth date,
-- which equals the one asked for or follows from the CPR number asked for (persons/repo.ts match).
-- Name similarity as persons/matching.ts computes it (its folding and pg_trgm-style trigrams of each word), so the
-- name of an unreadable person never leaves the database.
CREATE FUNCTION vink_name_normalised(p_name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT btrim(regexp_replace(lower(regexp_replace(normalize(
    translate(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
      p_name, 'æ', 'ae'), 'Æ', 'ae'), 'ø', 'oe'), 'Ø', 'oe'), 'å', 'aa'), 'Å', 'aa'), 'ß', 'ss'), 'ẞ', 'ss'), 'œ', 'oe'), 'Œ', 'oe'),
      'þ', 'th'), 'Þ', 'th'), 'ł', 'l'), 'Ł', 'l'), 'ðĐđÐ', 'dddd'), NFD), '[\u0300-\u036f]', '', 'g')), '[^a-z0-9]+', ' ', 'g'))
$$;
CREATE FUNCTION vink_name_trigrams(p_name text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(array_agg(DISTINCT substr('  ' || w || ' ', i, 3)), '{}')
  FROM regexp_split_to_table(vink_name_normalised(p_name), ' ') AS w, generate_series(1, length(w) + 1) AS i
  WHERE w <> ''
$$;
CREATE FUNCTION vink_name_similarity(p_a text, p_b text) RETURNS real LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN cardinality(x) = 0 OR cardinality(y) = 0 THEN 0::real
              ELSE (common::real / (cardinality(x) + cardinality(y) - common)) END
  FROM (SELECT vink_name_trigrams(p_a) AS x, vink_name_trigrams(p_b) AS y) t,
       LATERAL (SELECT count(*)::int AS common FROM unnest(t.x) AS g WHERE g = ANY (t.y)) c
$$;

-- Whether the actor's role may do p_action at all (the need-to-know table), for the functions below.
CREATE FUNCTION vink_actor_may_act(p_action text) RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT EXISTS (SELECT 1 FROM access_reach WHERE role = vink_actor_role() AND action = p_action) $$;

-- Persons of the actor's units registered with CPR number p_cpr, or born on p_birth_date with a name at least
-- p_min_similarity alike to p_full_name, for a role that may match persons or register concerns (person.match,
-- concern.create; nothing for any other role). Each row: id, unit, how it matched, birth date.
CREATE FUNCTION vink_person_registered_matches(p_cpr text, p_full_name text, p_birth_date date, p_min_similarity real)
RETURNS TABLE (person_id uuid, unit_id uuid, matched_on text, birth_date date)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT p.id, p.unit_id, 'cpr', p.birth_date FROM persons p
   WHERE p_cpr IS NOT NULL AND p.cpr = p_cpr AND p.unit_id = ANY (vink_actor_units())
     AND (vink_actor_may_act('person.match') OR vink_actor_may_act('concern.create') OR vink_actor_may_act('person.create'))
  UNION ALL
  SELECT p.id, p.unit_id, 'name_birth_date', p.birth_date FROM persons p
   WHERE p_full_name IS NOT NULL AND p_birth_date IS NOT NULL AND p.birth_date = p_birth_date
     AND p.unit_id = ANY (vink_actor_units()) AND (p_cpr IS NULL OR p.cpr IS DISTINCT FROM p_cpr)
     AND vink_actor_may_act('person.match')
     AND vink_name_similarity(p.full_name, p_full_name) >= p_min_similarity
$$;
-- A person of the actor's units by id, for linking a concern to a registration the actor may not read (the id came
-- from a handle the server issued) and for showing that concern: only that it exists, and its birth date, from which
-- the server derives the minor flag (the duty to report to social services), never sent itself. Only for a role
-- that may register concerns (concern.create).
CREATE FUNCTION vink_person_registered(p_person uuid) RETURNS TABLE (person_id uuid, unit_id uuid, birth_date date)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT p.id, p.unit_id, p.birth_date FROM persons p
   WHERE p.id = p_person AND p.unit_id = ANY (vink_actor_units()) AND vink_actor_may_act('concern.create')
$$;
CREATE INDEX persons_unit_birth_date_idx ON persons (unit_id, birth_date);

REVOKE EXECUTE ON FUNCTION vink_person_registered_matches(text, text, date, real), vink_person_registered(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vink_person_registered_matches(text, text, date, real), vink_person_registered(uuid) TO vink_app;

-- The DPO's audit search shows every look-up of the unit's citizens, also by staff of other units
-- (audit-log/repo.ts), so it needs to know which persons are the unit's; the DPO reads no person record
-- (person.read), so the app role no longer sees them. This answers the ids only, and only to a role with audit.read.
CREATE FUNCTION vink_audit_unit_person_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT p.id FROM persons p
   WHERE p.unit_id = ANY (vink_actor_units())
     AND vink_actor_may_act('audit.read')
$$;
REVOKE EXECUTE ON FUNCTION vink_audit_unit_person_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vink_audit_unit_person_ids() TO vink_app;

-- The person a case is about, for a case of the actor's units or one they are a member of (the unit-level reach the
-- app role had before this migration): a request about a case's concerns names that person in its audit row, also
-- when it is refused (a citizen's access request shows refused attempts too). Answers the id only.
CREATE FUNCTION vink_case_person(p_case uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT c.person_id FROM cases c WHERE c.id = p_case AND (c.unit_id = ANY (vink_actor_units()) OR vink_actor_is_member(c.id))
$$;
REVOKE EXECUTE ON FUNCTION vink_case_person(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vink_case_person(uuid) TO vink_app;
