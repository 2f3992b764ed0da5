-- Closure approval (docs/domain.md, "Closing a case"): a coordinator (or the owning adviser) asks to close a case with
-- a reason, a manager of the unit approves or rejects it with a note, and only an approval closes the case. The
-- request's statuses and steps are data in src/shared/closure-workflow.ts; one pending request per case at a time.
CREATE TABLE case_closure_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  status text NOT NULL DEFAULT 'pending' CONSTRAINT case_closure_requests_status_ck CHECK (status IN ('pending', 'approved', 'rejected')),
  reason text NOT NULL CONSTRAINT case_closure_requests_reason_ck CHECK (length(reason) BETWEEN 1 AND 2000),
  requested_by uuid NOT NULL REFERENCES users (id),
  requested_at timestamptz NOT NULL,
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  decision_note text CONSTRAINT case_closure_requests_note_ck CHECK (length(decision_note) BETWEEN 1 AND 2000),
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT case_closure_requests_decided_ck CHECK (
    (status = 'pending') = (decided_at IS NULL) AND (decided_at IS NULL) = (decided_by IS NULL) AND (decided_at IS NULL) = (decision_note IS NULL))
);
COMMENT ON TABLE case_closure_requests IS 'Requests to close a case and the manager''s decision (four eyes on closure).';
COMMENT ON COLUMN case_closure_requests.reason IS 'Free text by staff on why the case should close; may describe the person (sensitive, Art. 9/10). Retention: case class (case_closed).';
COMMENT ON COLUMN case_closure_requests.decision_note IS 'Free text by the manager on the decision; may describe the person (sensitive, Art. 9/10). Retention: case class (case_closed).';
COMMENT ON COLUMN case_closure_requests.requested_by IS 'Staff member who asked to close the case. Retention: case class (case_closed).';
COMMENT ON COLUMN case_closure_requests.decided_by IS 'Manager who decided. Retention: case class (case_closed).';
CREATE UNIQUE INDEX case_closure_requests_one_pending_idx ON case_closure_requests (case_id) WHERE status = 'pending';
CREATE INDEX case_closure_requests_unit_idx ON case_closure_requests (unit_id, status);

GRANT SELECT, INSERT ON case_closure_requests TO vink_app;
GRANT UPDATE (status, decided_by, decided_at, decision_note, version) ON case_closure_requests TO vink_app;

-- Row-level security like the case's other rows (migration 0120): the unit's rows or those of a case the actor is a
-- member of, narrowed (restrictive) by the reach of the kind 'closure_request' (platform/access-reach.ts ROW_KINDS).
ALTER TABLE case_closure_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_closure_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY case_closure_requests_system ON case_closure_requests USING (current_user <> 'vink_app');
CREATE POLICY case_closure_requests_scope ON case_closure_requests TO vink_app
  USING (unit_id = ANY (vink_actor_units()) OR vink_actor_is_member(case_id))
  WITH CHECK (unit_id = ANY (vink_actor_units()) OR vink_actor_is_member(case_id));
CREATE POLICY case_closure_requests_reach ON case_closure_requests AS RESTRICTIVE TO vink_app USING (
     unit_id = ANY ((SELECT vink_reach_units('closure_request'))::uuid[])
  OR case_id IN (SELECT vink_reach_case_ids('closure_request', false)));
