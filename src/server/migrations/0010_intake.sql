-- 0010 Intake (calls, people and duplicates, concerns, police check, Infohus): invariants the intake relies on.

-- One person per CPR number in a unit: the same person reported many times must be one record (DOMAIN.md step 5,
-- "detect duplicates"). The service answers 409 naming the existing record; this index closes the race.
CREATE UNIQUE INDEX persons_unit_cpr_uq ON persons (unit_id, cpr) WHERE cpr IS NOT NULL;

-- A call is forwarded as at most one concern, and a concern comes from at most one call.
ALTER TABLE calls ADD CONSTRAINT calls_concern_uq UNIQUE (concern_id);
ALTER TABLE concerns ADD CONSTRAINT concerns_call_uq UNIQUE (call_id);

-- The police check needs the identity of the person a concern is about (name, birth date) to search the police
-- registers; the police liaison is often in another unit and not (yet) a member of any case. A concern shared with
-- the actor, with its recorded legal basis, therefore lets the actor read that person. Read only.
CREATE FUNCTION vink_actor_has_person_concern(p_person uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT EXISTS (SELECT 1 FROM concerns c JOIN concern_shares s ON s.concern_id = c.id WHERE c.person_id = p_person AND s.user_id = vink_actor_id()) $$;
CREATE POLICY persons_concern_shared ON persons FOR SELECT TO vink_app USING (vink_actor_has_person_concern(id));

-- The share's own legal-basis text when the basis is 'other' (the disclosure row carries it too).
ALTER TABLE concern_shares ADD COLUMN legal_basis_text text;
ALTER TABLE concern_shares ADD CONSTRAINT concern_shares_other_text_ck CHECK (legal_basis <> 'other' OR length(coalesce(legal_basis_text, '')) > 0);
COMMENT ON COLUMN concern_shares.legal_basis_text IS 'Legal basis in words when legal_basis is other; no personal data expected. Retention: with the concern.';
COMMENT ON COLUMN concerns.reporter_organisation IS 'Reporter organisation (only if given); may identify the reporter. Retention: with the concern.';
COMMENT ON COLUMN infohus_assessments.participants IS 'Names or organisations at the Infohus meeting; staff personal data. Retention: with the concern.';
-- Sharing again with the same user records the newer legal basis.
GRANT UPDATE ON concern_shares TO vink_app;
