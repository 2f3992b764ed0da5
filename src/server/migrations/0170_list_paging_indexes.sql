-- Keyset paging of the concern queue (docs/architecture.md, "Lists"): the open concerns by deadline, and every
-- concern newest first, each per unit (the coordinator's reach) with the id as the tie-break the cursor carries.
CREATE INDEX concerns_open_deadline_idx ON concerns (unit_id, triage_deadline_at, id) WHERE triaged_at IS NULL;
CREATE INDEX concerns_unit_newest_idx ON concerns (unit_id, received_at DESC, id DESC);
