-- Corrections of an Infohus decision and of an offer's answer, with the field history of migration 0250 (docs/domain.md,
-- "Corrections"). Owned by the concerns module (infohus_assessments) and the offers module (offers).

-- An Infohus decision is corrected at the version the client read (409 on a stale one), like the concern itself.
ALTER TABLE infohus_assessments ADD COLUMN version integer NOT NULL DEFAULT 1 CONSTRAINT infohus_assessments_version_ck CHECK (version >= 1);
COMMENT ON COLUMN infohus_assessments.version IS 'Optimistic-locking version of the decision, raised by each correction. No personal data.';

-- An accepted offer that a course was started from cannot be corrected to declined or unanswered: the offers module
-- asks the courses' table through this function (docs/architecture.md, "Where SQL lives"). It runs as the caller, so
-- row-level security on courses still applies.
CREATE FUNCTION vink_offer_has_course(p_offer uuid) RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT EXISTS (SELECT 1 FROM courses c WHERE c.offer_id = p_offer) $$;
COMMENT ON FUNCTION vink_offer_has_course(uuid) IS 'Whether a course was started from the offer (offers module, correcting an answer).';
GRANT EXECUTE ON FUNCTION vink_offer_has_course(uuid) TO vink_app;

-- An offer's history follows the offer: whoever reaches the offer (the offers' own row-level security, e.g. the owner
-- of a case in another unit) may write and read the history rows of its corrections. Permissive, so this widens the
-- unit rule of field_history_scope (migration 0250) for offer rows only.
CREATE POLICY field_history_offer ON field_history TO vink_app
  USING (record_type = 'offer' AND EXISTS (SELECT 1 FROM offers o WHERE o.id = record_id))
  WITH CHECK (record_type = 'offer' AND EXISTS (SELECT 1 FROM offers o WHERE o.id = record_id));

-- The follow-up authority of a decision made in an Infohus meeting lives on the meeting's item (meetings module,
-- migration 0261). Correcting the decision may correct it too: the concerns module reads and sets it through these
-- functions, which run as the caller (row-level security on the items applies) and touch only that one column.
CREATE FUNCTION vink_meeting_item_authority(p_assessment uuid) RETURNS text LANGUAGE sql STABLE AS
$$ SELECT i.follow_up_authority FROM infohus_meeting_items i WHERE i.assessment_id = p_assessment ORDER BY i.decided_at DESC NULLS LAST LIMIT 1 $$;
COMMENT ON FUNCTION vink_meeting_item_authority(uuid) IS 'The follow-up authority of the meeting item a decision was made in, or null (concerns module).';

CREATE FUNCTION vink_set_meeting_item_authority(p_assessment uuid, p_authority text) RETURNS boolean LANGUAGE sql VOLATILE AS
$$ WITH u AS (UPDATE infohus_meeting_items SET follow_up_authority = p_authority, version = version + 1
              WHERE assessment_id = p_assessment RETURNING 1)
   SELECT EXISTS (SELECT 1 FROM u) $$;
COMMENT ON FUNCTION vink_set_meeting_item_authority(uuid, text) IS
  'Corrects the follow-up authority on the meeting item a decision was made in; false when the decision was made outside a meeting (concerns module).';
GRANT EXECUTE ON FUNCTION vink_meeting_item_authority(uuid), vink_set_meeting_item_authority(uuid, text) TO vink_app;
