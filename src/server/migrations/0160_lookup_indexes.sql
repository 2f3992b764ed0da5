-- Indexes on the foreign keys that reads follow from parent to children. At national scale (98 units) their absence
-- made each such look-up a scan of every unit's rows: a plan's budget lines summed their spending by scanning all
-- spending entries, 17 of the plan dashboard's 20 ms (bench:national, docs/architecture.md "Figures"). Columns that
-- only name who did something (registered_by, decided_by …) are not looked up by and stay unindexed.
CREATE INDEX spending_entries_budget_line_idx ON spending_entries (budget_line_id);
CREATE INDEX plan_tracks_plan_idx ON plan_tracks (plan_id, position);
CREATE INDEX plan_indicators_plan_idx ON plan_indicators (plan_id, position);
CREATE INDEX budget_lines_plan_idx ON budget_lines (plan_id, year);
CREATE INDEX activities_track_idx ON activities (track_id) WHERE track_id IS NOT NULL;
CREATE INDEX surveys_activity_idx ON surveys (activity_id);
CREATE INDEX concerns_case_idx ON concerns (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX disclosures_concern_idx ON disclosures (concern_id) WHERE concern_id IS NOT NULL;
CREATE INDEX courses_offer_idx ON courses (offer_id);
CREATE INDEX cases_owner_idx ON cases (owner_id) WHERE owner_id IS NOT NULL;
CREATE INDEX tasks_case_idx ON tasks (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX tasks_concern_idx ON tasks (concern_id) WHERE concern_id IS NOT NULL;
