-- Keyset paging of the concern queue (docs/architecture.md, "Lists"): the open concerns by deadline, and every
-- concern newest first, each per unit (the coordinator's reach) with the id as the tie-break the cursor carries.
CREATE INDEX concerns_open_deadline_idx ON concerns (unit_id, triage_deadline_at, id) WHERE triaged_at IS NULL;
CREATE INDEX concerns_unit_newest_idx ON concerns (unit_id, received_at DESC, id DESC);
-- The case list, last changed first (the default) or newest opened first, per unit, id as the tie-break.
CREATE INDEX cases_unit_updated_idx ON cases (unit_id, updated_at DESC, id DESC);
CREATE INDEX cases_unit_newest_idx ON cases (unit_id, created_at DESC, id DESC);
-- "Overdue": a case's open tasks by deadline.
CREATE INDEX tasks_case_open_due_idx ON tasks (case_id, due_at) WHERE done_at IS NULL AND case_id IS NOT NULL;
