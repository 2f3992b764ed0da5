-- 0312 Signed checkpoints of the audit chain at every month (partition) boundary, written by the scheduler's tick
-- (docs/security.md, "The audit trail"; src/server/audit/repo.ts writeMonthCheckpointsInTrx), beside the checkpoints a
-- purge writes (migration 0211).
--
-- The two kinds are told apart and signed under different keys (the month key is derived from the anchor key): only a
-- purge checkpoint can be where verification starts, so a month checkpoint cannot make the removal of the oldest
-- months look like a purge. A month checkpoint inside the remaining chain is checked as an anchor is: the row must be
-- there with the checkpointed hash and as many rows up to it. A purge may checkpoint the same row as a month
-- checkpoint, so the key is the position and the kind; one month checkpoint per boundary.

ALTER TABLE audit_checkpoints ADD COLUMN kind text NOT NULL DEFAULT 'purge'
  CONSTRAINT audit_checkpoints_kind_ck CHECK (kind IN ('purge', 'month'));
COMMENT ON COLUMN audit_checkpoints.kind IS 'purge: written before a purge, where verification may start; month: written at a month boundary by the scheduler. No personal data.';
ALTER TABLE audit_checkpoints DROP CONSTRAINT audit_checkpoints_pkey;
ALTER TABLE audit_checkpoints ADD CONSTRAINT audit_checkpoints_pkey PRIMARY KEY (seq, kind);
CREATE UNIQUE INDEX audit_checkpoints_month_uq ON audit_checkpoints (boundary) WHERE kind = 'month';
