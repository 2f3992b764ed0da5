-- 0370 The national view and national administration (docs/domain.md, "The national view"; docs/security.md,
-- "National roles"). Two roles for the national centre: an analyst who sees only suppressed caseload aggregates of the
-- units that take part (no row of any unit), and an administrator who creates units and their hotline memberships
-- (no case content). Both sit in a national unit, which does no case work and has no municipality.

ALTER TABLE users DROP CONSTRAINT users_role_ck;
ALTER TABLE users ADD CONSTRAINT users_role_ck CHECK (role IN
  ('adviser', 'coordinator', 'police_liaison', 'partner', 'mentor', 'manager', 'analyst', 'dpo', 'admin', 'national_analyst', 'national_admin'));
ALTER TABLE role_grants DROP CONSTRAINT role_grants_requested_role_ck;
ALTER TABLE role_grants ADD CONSTRAINT role_grants_requested_role_ck CHECK (requested_role IN
  ('adviser', 'coordinator', 'police_liaison', 'partner', 'mentor', 'manager', 'analyst', 'dpo', 'admin', 'national_analyst', 'national_admin'));

-- A unit is a municipality's prevention unit, or the national centre's unit (no municipality, no police district).
ALTER TABLE units ADD COLUMN kind text NOT NULL DEFAULT 'municipality' CONSTRAINT units_kind_ck CHECK (kind IN ('municipality', 'national'));
ALTER TABLE units ALTER COLUMN municipality_code DROP NOT NULL;
ALTER TABLE units ALTER COLUMN police_district_id DROP NOT NULL;
ALTER TABLE units ADD CONSTRAINT units_kind_code_ck CHECK ((kind = 'municipality') = (municipality_code IS NOT NULL AND police_district_id IS NOT NULL));
CREATE UNIQUE INDEX units_national_name_uq ON units (name) WHERE kind = 'national';
-- A unit may opt out of the national statistics; its figures are then left out of every national table.
ALTER TABLE units ADD COLUMN national_statistics boolean NOT NULL DEFAULT true;
COMMENT ON COLUMN units.kind IS 'municipality or national (the national centre); no personal data.';
COMMENT ON COLUMN units.national_statistics IS 'Whether the unit''s suppressed caseload figures take part in the national view; no personal data.';

-- The raw caseload counts of every municipality unit that takes part, by unit, calendar year (Copenhagen time) and
-- group: the same funnel as the unit's own caseload table (plans/repo.ts, caseloadStatements with byYear), counted
-- for all units in one statement. Only the national analyst gets rows; the application publishes each unit's year
-- tables with the analysts' suppression (plans/suppression.ts) before anything leaves it, and
-- tests/national.int.test.ts holds each unit's published table equal to what its own analyst sees.
CREATE FUNCTION vink_national_concern_counts(p_group text, p_from date, p_to date)
  RETURNS TABLE (unit_id uuid, y integer, g text, concerns integer, justified integer, offered integer, accepted integer, courses integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT c.unit_id, extract(year from c.received_at AT TIME ZONE 'Europe/Copenhagen')::int,
          CASE p_group
            WHEN 'year' THEN extract(year from c.received_at AT TIME ZONE 'Europe/Copenhagen')::int::text
            WHEN 'ideology' THEN c.ideology_area
            WHEN 'gender' THEN p.gender
            WHEN 'channel' THEN c.channel
            WHEN 'district' THEN coalesce(nullif(trim(p.district), ''), 'unknown')
            WHEN 'ageBand' THEN CASE
              WHEN c.kept_age_band IS NOT NULL THEN c.kept_age_band
              WHEN p.birth_date IS NULL OR p.birth_date > (c.received_at AT TIME ZONE 'Europe/Copenhagen')::date THEN 'unknown'
              WHEN extract(year from age((c.received_at AT TIME ZONE 'Europe/Copenhagen')::date, p.birth_date)) < 15 THEN 'under_15'
              WHEN extract(year from age((c.received_at AT TIME ZONE 'Europe/Copenhagen')::date, p.birth_date)) < 18 THEN '15_17'
              WHEN extract(year from age((c.received_at AT TIME ZONE 'Europe/Copenhagen')::date, p.birth_date)) < 25 THEN '18_24'
              WHEN extract(year from age((c.received_at AT TIME ZONE 'Europe/Copenhagen')::date, p.birth_date)) < 35 THEN '25_34'
              ELSE '35_plus' END
          END,
          count(*)::int,
          count(*) FILTER (WHERE c.status = 'justified')::int,
          count(*) FILTER (WHERE c.status = 'justified' AND EXISTS (
            SELECT 1 FROM offers o WHERE o.case_id = c.case_id AND o.unit_id = c.unit_id AND o.offered_at >= c.received_at))::int,
          count(*) FILTER (WHERE c.status = 'justified' AND EXISTS (
            SELECT 1 FROM offers o WHERE o.case_id = c.case_id AND o.unit_id = c.unit_id AND o.offered_at >= c.received_at AND o.response = 'accepted'))::int,
          count(*) FILTER (WHERE c.status = 'justified' AND EXISTS (
            SELECT 1 FROM courses co WHERE co.case_id = c.case_id AND co.unit_id = c.unit_id
              AND co.started_on >= (c.received_at AT TIME ZONE 'Europe/Copenhagen')::date))::int
     FROM concerns c JOIN persons p ON p.id = c.person_id JOIN units u ON u.id = c.unit_id
    WHERE vink_actor_role() = 'national_analyst' AND u.kind = 'municipality' AND u.national_statistics
      AND p_group IN ('year', 'ideology', 'gender', 'channel', 'district', 'ageBand')
      AND c.received_at >= (p_from::timestamp AT TIME ZONE 'Europe/Copenhagen')
      AND c.received_at < ((p_to + 1)::timestamp AT TIME ZONE 'Europe/Copenhagen')
    GROUP BY 1, 2, 3 $$;
GRANT EXECUTE ON FUNCTION vink_national_concern_counts(text, date, date) TO vink_app;

-- The calls of the same units (calls are anonymous: by year and ideology only, else one group 'all').
CREATE FUNCTION vink_national_call_counts(p_group text, p_from date, p_to date)
  RETURNS TABLE (unit_id uuid, y integer, g text, n integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT a.unit_id, extract(year from a.received_at AT TIME ZONE 'Europe/Copenhagen')::int,
          CASE p_group WHEN 'year' THEN extract(year from a.received_at AT TIME ZONE 'Europe/Copenhagen')::int::text
                       WHEN 'ideology' THEN a.ideology_area ELSE 'all' END,
          count(*)::int
     FROM calls a JOIN units u ON u.id = a.unit_id
    WHERE vink_actor_role() = 'national_analyst' AND u.kind = 'municipality' AND u.national_statistics
      AND a.received_at >= (p_from::timestamp AT TIME ZONE 'Europe/Copenhagen')
      AND a.received_at < ((p_to + 1)::timestamp AT TIME ZONE 'Europe/Copenhagen')
    GROUP BY 1, 2, 3 $$;
GRANT EXECUTE ON FUNCTION vink_national_call_counts(text, date, date) TO vink_app;

-- The opt-out: the actor's own unit only, by its manager (policy 'national.participation').
CREATE FUNCTION vink_set_national_participation(p_takes_part boolean) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS
$$ BEGIN
  IF vink_actor_role() IS DISTINCT FROM 'manager' OR cardinality(vink_actor_units()) <> 1 THEN
    RAISE EXCEPTION 'only a unit''s manager sets its national participation' USING ERRCODE = 'insufficient_privilege';
  END IF;
  UPDATE units SET national_statistics = p_takes_part WHERE id = (vink_actor_units())[1] AND kind = 'municipality';
  RETURN FOUND;
END $$;
GRANT EXECUTE ON FUNCTION vink_set_national_participation(boolean) TO vink_app;

-- National administration: a unit and its hotline memberships, by the national administrator only.
CREATE FUNCTION vink_national_create_unit(p_name text, p_code text, p_district smallint) RETURNS uuid
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS
$$ DECLARE v_id uuid;
BEGIN
  IF vink_actor_role() IS DISTINCT FROM 'national_admin' THEN
    RAISE EXCEPTION 'only the national administrator creates units' USING ERRCODE = 'insufficient_privilege';
  END IF;
  INSERT INTO units (name, municipality_code, police_district_id) VALUES (p_name, p_code, p_district) RETURNING id INTO v_id;
  RETURN v_id;
END $$;
GRANT EXECUTE ON FUNCTION vink_national_create_unit(text, text, smallint) TO vink_app;

-- Joins (p_member true, with case work or not) or leaves (false) a hotline; true when anything changed.
CREATE FUNCTION vink_national_set_hotline_member(p_hotline uuid, p_unit uuid, p_member boolean, p_case_work boolean) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS
$$ BEGIN
  IF vink_actor_role() IS DISTINCT FROM 'national_admin' THEN
    RAISE EXCEPTION 'only the national administrator changes hotline memberships' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT p_member THEN
    DELETE FROM hotline_members WHERE hotline_id = p_hotline AND unit_id = p_unit;
    RETURN FOUND;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM units WHERE id = p_unit AND kind = 'municipality') THEN
    RAISE EXCEPTION 'only a municipality''s unit takes part in a hotline' USING ERRCODE = 'check_violation';
  END IF;
  INSERT INTO hotline_members (hotline_id, unit_id, case_work) VALUES (p_hotline, p_unit, p_case_work)
    ON CONFLICT ON CONSTRAINT hotline_members_pk DO UPDATE SET case_work = EXCLUDED.case_work
    WHERE hotline_members.case_work IS DISTINCT FROM EXCLUDED.case_work;
  RETURN FOUND;
END $$;
GRANT EXECUTE ON FUNCTION vink_national_set_hotline_member(uuid, uuid, boolean, boolean) TO vink_app;
