-- 0150 Indexes for the action-plan figures and the caseload statistics (docs/architecture.md, "Figures"): every
-- measure reads one unit's records of a period by the date it is counted on, so each of those dates is indexed with
-- the unit first. Without them each year of a dashboard scans the whole country's table.
-- No new data: indexes over existing columns (personal-data classes as in 0001-0003).

CREATE INDEX offers_unit_offered_idx ON offers (unit_id, offered_at);
CREATE INDEX offers_unit_responded_idx ON offers (unit_id, responded_at) WHERE reoffer_of IS NULL AND responded_at IS NOT NULL;
CREATE INDEX follow_ups_unit_due_idx ON follow_ups (unit_id, kind, due_on);
CREATE INDEX follow_ups_unit_answered_idx ON follow_ups (unit_id, kind, answered_at) WHERE answered_at IS NOT NULL;
CREATE INDEX concerns_unit_received_idx ON concerns (unit_id, received_at);
CREATE INDEX concerns_unit_triaged_idx ON concerns (unit_id, triaged_at) WHERE triaged_at IS NOT NULL;
CREATE INDEX cases_unit_created_idx ON cases (unit_id, created_at);
CREATE INDEX courses_unit_started_idx ON courses (unit_id, started_on);
