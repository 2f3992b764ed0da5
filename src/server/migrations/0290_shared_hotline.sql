-- 0290 The shared hotline (docs/domain.md, "The shared hotline"; docs/security.md, "Crossing units"): a hotline is a
-- service with member units; a hotline call records the caller's and the citizen's municipality; forwarding it creates
-- the concern in the citizen's municipality's unit (a crossing checked here, legal basis recorded, audited in both
-- units' trails), or records where it was referred when that municipality does not use VINK.

CREATE TABLE hotlines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CONSTRAINT hotlines_name_uq UNIQUE CONSTRAINT hotlines_name_ck CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE hotline_members (
  hotline_id uuid NOT NULL REFERENCES hotlines (id),
  unit_id uuid NOT NULL REFERENCES units (id),
  -- false: the municipality uses the hotline but has no case work of its own in VINK (no concern is forwarded to it).
  case_work boolean NOT NULL DEFAULT true,
  CONSTRAINT hotline_members_pk PRIMARY KEY (hotline_id, unit_id)
);
COMMENT ON TABLE hotline_members IS 'Units taking part in a hotline; no personal data.';

ALTER TABLE calls
  ADD COLUMN caller_municipality text CONSTRAINT calls_caller_municipality_ck CHECK (caller_municipality ~ '^[0-9]{3}$'),
  ADD COLUMN citizen_municipality text CONSTRAINT calls_citizen_municipality_ck CHECK (citizen_municipality ~ '^[0-9]{3}$'),
  ADD COLUMN forwarded_unit_id uuid CONSTRAINT calls_forwarded_unit_fk REFERENCES units (id),
  ADD COLUMN forward_legal_basis text CONSTRAINT calls_forward_legal_basis_ck CHECK (length(forward_legal_basis) BETWEEN 3 AND 500),
  ADD COLUMN referred_to_name text CONSTRAINT calls_referred_to_name_ck CHECK (length(referred_to_name) BETWEEN 1 AND 200),
  ADD COLUMN referred_on date,
  ADD COLUMN referred_channel text CONSTRAINT calls_referred_channel_ck CHECK (referred_channel IN ('phone', 'email', 'secure_mail', 'letter', 'meeting')),
  ADD CONSTRAINT calls_referral_complete_ck CHECK ((referred_to_name IS NULL) = (referred_on IS NULL) AND (referred_on IS NULL) = (referred_channel IS NULL));
COMMENT ON COLUMN calls.caller_municipality IS 'Municipality code of the caller (not personal: a municipality). Retention: statistics class, with the call.';
COMMENT ON COLUMN calls.citizen_municipality IS 'Municipality code the citizen concerned lives in, where known (not identifying alone; ordinary). Retention: with the call (call_not_forwarded class).';
COMMENT ON COLUMN calls.forwarded_unit_id IS 'The unit the call was forwarded to as a concern, when another unit (no personal data). Retention: with the call.';
COMMENT ON COLUMN calls.forward_legal_basis IS 'Legal basis given for passing the call to another unit; must not name a person (ordinary). Retention: with the call.';
COMMENT ON COLUMN calls.referred_to_name IS 'Name of the authority the call was referred to (an organisation, not a person; ordinary). Retention: with the call.';
COMMENT ON COLUMN calls.referred_on IS 'Date of the referral (ordinary). Retention: with the call.';
COMMENT ON COLUMN calls.referred_channel IS 'How the referral was made (ordinary). Retention: with the call.';

INSERT INTO task_kinds (kind) VALUES ('hotline_forward');

GRANT SELECT ON hotlines, hotline_members TO vink_app;
ALTER TABLE hotlines ENABLE ROW LEVEL SECURITY;
ALTER TABLE hotlines FORCE ROW LEVEL SECURITY;
ALTER TABLE hotline_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE hotline_members FORCE ROW LEVEL SECURITY;
CREATE POLICY hotlines_system ON hotlines USING (current_user <> 'vink_app');
CREATE POLICY hotline_members_system ON hotline_members USING (current_user <> 'vink_app');
-- Anyone signed in may see which hotlines exist and who takes part (no personal data); memberships are changed by
-- the system path only (demo loader, CLI).
CREATE POLICY hotlines_read ON hotlines FOR SELECT TO vink_app USING (true);
CREATE POLICY hotline_members_read ON hotline_members FOR SELECT TO vink_app USING (true);

-- The crossing check: may the acting unit pass a hotline call to p_target? Only when both are members of one hotline
-- and the target does its own case work. The application asks this before it widens the transaction to the target
-- unit (Scope.crossInto, src/server/access/scope.ts); SECURITY DEFINER so the answer does not depend on row reach.
CREATE FUNCTION vink_hotline_may_forward(p_target uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT EXISTS (
     SELECT 1 FROM hotline_members a JOIN hotline_members b ON b.hotline_id = a.hotline_id
      WHERE a.unit_id = ANY (vink_actor_units()) AND b.unit_id = p_target AND b.case_work AND b.unit_id <> a.unit_id) $$;
GRANT EXECUTE ON FUNCTION vink_hotline_may_forward(uuid) TO vink_app;

-- The unit of a municipality (NULL when it does not use VINK), readable by every actor: the forward needs to know
-- whether the citizen's municipality has a unit without reaching that unit's rows.
CREATE FUNCTION vink_unit_of_municipality(p_code text) RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT id FROM units WHERE municipality_code = p_code $$;
GRANT EXECUTE ON FUNCTION vink_unit_of_municipality(text) TO vink_app;

-- The hotline's own statistics across its member units (only counts, never a row): calls on the national hotline
-- channel by dimension for the hotlines the acting unit belongs to. The caller suppresses small counts.
CREATE FUNCTION vink_hotline_call_counts(p_from timestamptz, p_to timestamptz)
  RETURNS TABLE (dimension text, value text, calls integer) LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ WITH m AS (
     SELECT DISTINCT b.unit_id FROM hotline_members a JOIN hotline_members b ON b.hotline_id = a.hotline_id
      WHERE a.unit_id = ANY (vink_actor_units())),
   c AS (SELECT * FROM calls WHERE channel = 'national_hotline' AND unit_id IN (SELECT unit_id FROM m)
           AND received_at >= p_from AND received_at < p_to)
   SELECT 'caller_type', caller_type, count(*)::int FROM c GROUP BY caller_type
   UNION ALL SELECT 'topic', ideology_area, count(*)::int FROM c GROUP BY ideology_area
   UNION ALL SELECT 'outcome', outcome, count(*)::int FROM c GROUP BY outcome
   UNION ALL SELECT 'municipality', coalesce(citizen_municipality, 'unknown'), count(*)::int FROM c GROUP BY citizen_municipality $$;
GRANT EXECUTE ON FUNCTION vink_hotline_call_counts(timestamptz, timestamptz) TO vink_app;
