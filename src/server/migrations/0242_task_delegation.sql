-- Delegated tasks (docs/domain.md, "Tasks and notifications"): a task handed to a colleague of the unit stays with
-- them; the rules engine no longer moves it back to the coordinator or case owner (tasks/repo.ts). Who delegated and
-- when is kept on the task and in the audit trail.
ALTER TABLE tasks ADD COLUMN delegated_at timestamptz;
ALTER TABLE tasks ADD COLUMN delegated_by uuid REFERENCES users (id);
ALTER TABLE tasks ADD CONSTRAINT tasks_delegated_ck CHECK ((delegated_at IS NULL) = (delegated_by IS NULL));
COMMENT ON COLUMN tasks.delegated_by IS 'Staff member who delegated the task (staff data). Retention: with the task.';
CREATE INDEX tasks_unit_open_due_idx ON tasks (unit_id, due_at) WHERE done_at IS NULL;
