-- Reach conditions that cross modules, kept in the database so that no module's repository has to contain another
-- module's table SQL (docs/architecture.md): the persons repository asks "is this person in a case of which the
-- actor is a member?" and "was a concern about this person shared with the actor?" through these two functions.
-- They run as the caller (no SECURITY DEFINER), so row-level security on the tables they read still applies.

CREATE FUNCTION vink_person_in_member_case(p_person uuid, p_user uuid) RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT EXISTS (SELECT 1 FROM cases pc JOIN case_members m ON m.case_id = pc.id WHERE pc.person_id = p_person AND m.user_id = p_user) $$;
COMMENT ON FUNCTION vink_person_in_member_case(uuid, uuid) IS 'Person reach "member" (access/policy.ts): a case about the person has the user as a member.';

CREATE FUNCTION vink_person_in_shared_concern(p_person uuid, p_user uuid) RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT EXISTS (SELECT 1 FROM concerns sc JOIN concern_shares ss ON ss.concern_id = sc.id WHERE sc.person_id = p_person AND ss.user_id = p_user) $$;
COMMENT ON FUNCTION vink_person_in_shared_concern(uuid, uuid) IS 'Person reach "shared" (access/policy.ts): a concern about the person was shared with the user.';

GRANT EXECUTE ON FUNCTION vink_person_in_member_case(uuid, uuid), vink_person_in_shared_concern(uuid, uuid) TO vink_app;
