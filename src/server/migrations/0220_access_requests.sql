-- 0220 Access requests (GDPR Art. 15), their exemptions (databeskyttelsesloven § 22), the reason in the audit row
-- (break the glass and the purpose's free text) and the access-request task (docs/security.md, "Access requests" and
-- "The purpose of every look-up"). Owned by the access-requests module (src/server/modules/access-requests); legal
-- holds (0200) are written only by the legal-holds module.

-- The reason a user gave for a look-up: the short reason asked for when opening a person or case they are not a
-- member of (break the glass), or the free text beside the purpose. The server sets it per transaction
-- (vink.audit_reason, see src/server/access/scope.ts), so the writer vink_audit_append needs no change: the column's
-- default reads the setting. Only ADD COLUMN: the table itself belongs to the audit trail (and is partitioned by 0210).
ALTER TABLE audit_log ADD COLUMN reason text
  DEFAULT nullif(current_setting('vink.audit_reason', true), '')
  CONSTRAINT audit_log_reason_ck CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 500);
COMMENT ON COLUMN audit_log.reason IS 'Free text by staff on why they looked a record up (break the glass, or the purpose''s note); may name the person (sensitive). Retention: audit_log class.';

-- One row per access request. The person is linked once the DPO has found them (then a legal hold is placed); the
-- requester is the citizen themself or someone acting for them, described only as far as the identity check needs.
CREATE TABLE access_requests (
  id uuid PRIMARY KEY,
  unit_id uuid NOT NULL REFERENCES units (id),
  person_id uuid REFERENCES persons (id) ON DELETE RESTRICT,
  received_on date NOT NULL,
  identity_verified text NOT NULL CONSTRAINT access_requests_identity_ck CHECK (length(identity_verified) BETWEEN 1 AND 500),
  deadline_on date NOT NULL,
  extended_to date,
  extension_reason text CONSTRAINT access_requests_extension_reason_ck CHECK (length(extension_reason) BETWEEN 1 AND 1000),
  status text NOT NULL CONSTRAINT access_requests_status_ck CHECK (status IN ('registered', 'compiling', 'handed_over', 'closed')),
  note text CONSTRAINT access_requests_note_ck CHECK (length(note) BETWEEN 1 AND 1000),
  registered_by uuid NOT NULL REFERENCES users (id),
  registered_at timestamptz NOT NULL,
  handed_over_at timestamptz,
  closed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT access_requests_deadline_ck CHECK (deadline_on > received_on),
  CONSTRAINT access_requests_extension_ck CHECK ((extended_to IS NULL) = (extension_reason IS NULL) AND (extended_to IS NULL OR extended_to > deadline_on)),
  CONSTRAINT access_requests_handed_ck CHECK (status <> 'handed_over' OR handed_over_at IS NOT NULL),
  CONSTRAINT access_requests_closed_ck CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
COMMENT ON TABLE access_requests IS 'GDPR Art. 15 access requests registered by the DPO (docs/security.md, "Access requests").';
COMMENT ON COLUMN access_requests.person_id IS 'The citizen the request is about (personal data, ordinary). Retention: audit_log class, held while pending.';
COMMENT ON COLUMN access_requests.identity_verified IS 'How the requester''s identity was verified, e.g. MitID; may describe the person (ordinary). Retention: audit_log class.';
COMMENT ON COLUMN access_requests.received_on IS 'When the request was received (ordinary, with the person). Retention: audit_log class.';
COMMENT ON COLUMN access_requests.extension_reason IS 'Free text by staff on why the deadline was extended; may name the person (ordinary). Retention: audit_log class.';
COMMENT ON COLUMN access_requests.note IS 'Free text by the DPO about the request; may name the person (ordinary). Retention: audit_log class.';
COMMENT ON COLUMN access_requests.registered_by IS 'Staff member (DPO) who registered the request. Retention: audit_log class.';
CREATE INDEX access_requests_open_idx ON access_requests (unit_id, status, deadline_on);

-- Items withheld from the export, each with its legal reference (databeskyttelsesloven § 22), e.g. a disclosure to
-- the police. An exempted item is left out of the export and listed as withheld with the reference.
CREATE TABLE access_request_exemptions (
  id uuid PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES access_requests (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  item_type text NOT NULL CONSTRAINT access_request_exemptions_type_ck CHECK (item_type ~ '^[a-z][a-z_]{1,40}$'),
  item_id uuid NOT NULL,
  legal_reference text NOT NULL CONSTRAINT access_request_exemptions_ref_ck CHECK (length(legal_reference) BETWEEN 3 AND 200),
  reason text NOT NULL CONSTRAINT access_request_exemptions_reason_ck CHECK (length(reason) BETWEEN 1 AND 1000),
  recorded_by uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL,
  CONSTRAINT access_request_exemptions_item_uq UNIQUE (request_id, item_type, item_id)
);
COMMENT ON TABLE access_request_exemptions IS 'Exemptions from an access request''s export with their legal reference (databeskyttelsesloven § 22).';
COMMENT ON COLUMN access_request_exemptions.reason IS 'Free text by the DPO on why the item is withheld; may describe the person (sensitive). Retention: audit_log class.';
COMMENT ON COLUMN access_request_exemptions.recorded_by IS 'Staff member (DPO) who recorded the exemption. Retention: audit_log class.';

GRANT SELECT, INSERT ON access_requests, access_request_exemptions TO vink_app;
GRANT UPDATE (person_id, extended_to, extension_reason, status, handed_over_at, closed_at, version) ON access_requests TO vink_app;
GRANT DELETE ON access_request_exemptions TO vink_app;

ALTER TABLE access_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE access_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY access_requests_system ON access_requests USING (current_user <> 'vink_app');
CREATE POLICY access_requests_dpo ON access_requests TO vink_app
  USING (unit_id = ANY (vink_actor_units()) AND vink_actor_may_act('access_request.manage'))
  WITH CHECK (unit_id = ANY (vink_actor_units()) AND vink_actor_may_act('access_request.manage'));
ALTER TABLE access_request_exemptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE access_request_exemptions FORCE ROW LEVEL SECURITY;
CREATE POLICY access_request_exemptions_system ON access_request_exemptions USING (current_user <> 'vink_app');
CREATE POLICY access_request_exemptions_dpo ON access_request_exemptions TO vink_app
  USING (unit_id = ANY (vink_actor_units()) AND vink_actor_may_act('access_request.manage'))
  WITH CHECK (unit_id = ANY (vink_actor_units()) AND vink_actor_may_act('access_request.manage'));

-- The request is a task with its deadline (src/server/modules/tasks/repo.ts, rules 'access_request').
INSERT INTO task_kinds (kind) VALUES ('access_request');

-- The DPO's log names the citizen each row is about (the DPO reads no person record, person.read): the names of the
-- unit's persons among the given ids, only for a role with audit.read (docs/security.md, "Access requests").
CREATE FUNCTION vink_audit_person_names(p_ids uuid[]) RETURNS TABLE (person_id uuid, full_name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT p.id, p.full_name FROM persons p
   WHERE p.id = ANY (p_ids) AND p.unit_id = ANY (vink_actor_units()) AND vink_actor_may_act('audit.read')
$$;
REVOKE EXECUTE ON FUNCTION vink_audit_person_names(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vink_audit_person_names(uuid[]) TO vink_app;

-- The purpose-bound action access_request.compile (src/shared/policy.ts) gives the DPO unit reach on the citizen's
-- rows only inside a request whose purpose is access_request: the server sets vink.purpose per transaction
-- (src/server/access/scope.ts). Otherwise the DPO's row reach is what it was: none. The rule of 0120 (the derived
-- access_row_reach) stands; a reach that only the purpose-bound action gives is cut outside that purpose.
CREATE OR REPLACE FUNCTION vink_actor_may(p_kind text, p_reach text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM access_row_reach WHERE kind = p_kind AND role = vink_actor_role() AND reach = p_reach)
     AND (coalesce(current_setting('vink.purpose', true), '') = 'access_request'
          OR NOT EXISTS (SELECT 1 FROM access_reach a JOIN access_row_actions k ON k.action = a.action
                          WHERE k.kind = p_kind AND a.role = vink_actor_role() AND a.reach = p_reach AND a.action = 'access_request.compile')
          OR EXISTS (SELECT 1 FROM access_reach a JOIN access_row_actions k ON k.action = a.action
                      WHERE k.kind = p_kind AND a.role = vink_actor_role() AND a.reach = p_reach AND a.action <> 'access_request.compile'))
$$;

-- Placing a legal hold needs the unit of the person or case it is on; the DPO reads neither record. The unit, only
-- for a subject of the actor's units and a role that may manage holds (legal_hold.manage); NULL otherwise.
CREATE FUNCTION vink_legal_hold_subject_unit(p_person uuid, p_case uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT u FROM (
    SELECT p.unit_id AS u FROM persons p WHERE p_person IS NOT NULL AND p.id = p_person
    UNION ALL
    SELECT c.unit_id FROM cases c WHERE p_person IS NULL AND c.id = p_case
  ) x WHERE u = ANY (vink_actor_units()) AND vink_actor_may_act('legal_hold.manage')
$$;
REVOKE EXECUTE ON FUNCTION vink_legal_hold_subject_unit(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vink_legal_hold_subject_unit(uuid, uuid) TO vink_app;
