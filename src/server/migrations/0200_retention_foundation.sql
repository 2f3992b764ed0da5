-- The retention schedule as data, deletion receipts and legal holds (docs/retention.md). The tables are shared by the
-- retention job (src/server/modules/retention), the audit log's partition purge and access requests, which place a
-- hold while they are pending. Owned by the retention module.

-- One row per retention class: how long records of the class are kept, counted from which event, and what happens
-- at the end (delete the record, or anonymise it: keep the facts the statistics need and drop identity). A
-- municipality adjusts period_months; the defaults and their reasons are in docs/retention.md.
CREATE TABLE retention_classes (
  class_key text PRIMARY KEY CONSTRAINT retention_classes_key_ck CHECK (class_key ~ '^[a-z][a-z0-9_]{1,40}$'),
  description text NOT NULL CONSTRAINT retention_classes_description_ck CHECK (length(description) BETWEEN 1 AND 500),
  starts_at_event text NOT NULL CONSTRAINT retention_classes_event_ck CHECK (length(starts_at_event) BETWEEN 1 AND 200),
  period_months integer NOT NULL CONSTRAINT retention_classes_period_ck CHECK (period_months BETWEEN 1 AND 1200),
  action text NOT NULL CONSTRAINT retention_classes_action_ck CHECK (action IN ('delete', 'anonymise', 'drop_partitions')),
  basis text NOT NULL CONSTRAINT retention_classes_basis_ck CHECK (length(basis) BETWEEN 1 AND 1000),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
COMMENT ON TABLE retention_classes IS 'The retention schedule: period and action per class of personal data. No personal data.';

-- What each run of the retention job did (or, for a dry run, would do): when, which rule, and how many of each
-- record type. Never a name, an id of a person or any other personal data: the counts are the receipt.
CREATE TABLE retention_receipts (
  id uuid PRIMARY KEY,
  ran_at timestamptz NOT NULL,
  class_key text NOT NULL REFERENCES retention_classes (class_key),
  rule text NOT NULL CONSTRAINT retention_receipts_rule_ck CHECK (length(rule) BETWEEN 1 AND 500),
  cutoff timestamptz NOT NULL,
  counts jsonb NOT NULL CONSTRAINT retention_receipts_counts_ck CHECK (jsonb_typeof(counts) = 'object'),
  held_back integer NOT NULL DEFAULT 0 CONSTRAINT retention_receipts_held_ck CHECK (held_back >= 0)
);
COMMENT ON TABLE retention_receipts IS 'Deletion receipts: rule, cutoff and counts per record type. No personal data by construction (counts only).';
CREATE INDEX retention_receipts_ran_idx ON retention_receipts (ran_at DESC);

-- A legal hold on a person or a case blocks deletion and anonymisation of what belongs to them, and keeps the audit
-- partitions that name them, until it is lifted with a reason: a pending access request, a complaint, a police
-- request.
CREATE TABLE legal_holds (
  id uuid PRIMARY KEY,
  unit_id uuid NOT NULL REFERENCES units (id),
  person_id uuid REFERENCES persons (id) ON DELETE RESTRICT,
  case_id uuid REFERENCES cases (id) ON DELETE RESTRICT,
  reason_kind text NOT NULL CONSTRAINT legal_holds_reason_kind_ck CHECK (reason_kind IN ('access_request', 'complaint', 'police_request', 'other')),
  reason text NOT NULL CONSTRAINT legal_holds_reason_ck CHECK (length(reason) BETWEEN 1 AND 1000),
  source_id uuid,
  placed_by uuid REFERENCES users (id),
  placed_at timestamptz NOT NULL,
  lifted_by uuid REFERENCES users (id),
  lifted_at timestamptz,
  lift_reason text CONSTRAINT legal_holds_lift_reason_ck CHECK (length(lift_reason) BETWEEN 1 AND 1000),
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT legal_holds_subject_ck CHECK ((person_id IS NULL) <> (case_id IS NULL)),
  CONSTRAINT legal_holds_lift_ck CHECK ((lifted_at IS NULL) = (lift_reason IS NULL) AND (lifted_at IS NULL) = (lifted_by IS NULL))
);
COMMENT ON TABLE legal_holds IS 'Holds that block deletion of a person''s or case''s data until lifted (docs/retention.md).';
COMMENT ON COLUMN legal_holds.reason IS 'Free text by staff on why the hold is placed; may name the person (sensitive). Retention: kept while the hold lasts, then with the person.';
COMMENT ON COLUMN legal_holds.source_id IS 'The access request (or other record) that placed the hold, when there is one.';
CREATE INDEX legal_holds_person_idx ON legal_holds (person_id) WHERE lifted_at IS NULL;
CREATE INDEX legal_holds_case_idx ON legal_holds (case_id) WHERE lifted_at IS NULL;

GRANT SELECT ON retention_classes TO vink_app;
GRANT SELECT ON retention_receipts TO vink_app;
GRANT SELECT, INSERT ON legal_holds TO vink_app;
GRANT UPDATE (lifted_by, lifted_at, lift_reason, version) ON legal_holds TO vink_app;

ALTER TABLE legal_holds ENABLE ROW LEVEL SECURITY;
ALTER TABLE legal_holds FORCE ROW LEVEL SECURITY;
CREATE POLICY legal_holds_system ON legal_holds USING (current_user <> 'vink_app');
CREATE POLICY legal_holds_unit ON legal_holds TO vink_app
  USING (unit_id = ANY (vink_actor_units())) WITH CHECK (unit_id = ANY (vink_actor_units()));

-- The default schedule (docs/retention.md says why each period was chosen).
INSERT INTO retention_classes (class_key, description, starts_at_event, period_months, action, basis) VALUES
  ('concern_unfounded', 'A concern judged unfounded at triage or by the Infohus', 'the assessment', 24, 'anonymise',
   'Kept long enough to see a repeated pattern of concerns, then only the statistics remain.'),
  ('call_not_forwarded', 'An advisory call that was not forwarded as a concern', 'the call', 12, 'anonymise',
   'Advice without a concern needs no identity after a year; the call counts in the statistics.'),
  ('case_closed', 'A closed case with its assessments, offers, courses, follow-ups and notes', 'the closure', 60, 'anonymise',
   'Five years after closure, in line with the municipality''s journal practice; statistics and plan indicators remain.'),
  ('course_session_notes', 'The session notes of a course', 'the end of the course', 24, 'delete',
   'Working notes of a mentor or coach; the session itself is kept as a count.'),
  ('sign_in', 'Sign-in records (sessions, failed sign-ins)', 'the sign-in', 6, 'delete',
   'Security records, kept as access logs are.'),
  ('audit_log', 'The audit log of look-ups and changes', 'the entry', 6, 'drop_partitions',
   'Datatilsynet''s practice for access logs is a limited period, typically 6 months, except where an access request or complaint needs them longer (a legal hold).');

-- Task kinds as data instead of one CHECK that every feature had to rewrite (and could silently drop another's kind).
-- A migration that adds a task rule inserts its kind here (src/server/modules/tasks/repo.ts holds the rules).
CREATE TABLE task_kinds (
  kind text PRIMARY KEY CONSTRAINT task_kinds_kind_ck CHECK (kind ~ '^[a-z][a-z0-9_]{1,40}$')
);
INSERT INTO task_kinds (kind) VALUES
  ('triage_deadline'), ('reoffer_3m'), ('reoffer_6m'), ('reassessment'), ('follow_up_6m'), ('follow_up_12m'), ('child_report');
ALTER TABLE tasks DROP CONSTRAINT tasks_kind_ck;
ALTER TABLE tasks ADD CONSTRAINT tasks_kind_fk FOREIGN KEY (kind) REFERENCES task_kinds (kind);
GRANT SELECT ON task_kinds TO vink_app;
