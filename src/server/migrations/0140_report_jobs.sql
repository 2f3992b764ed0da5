-- 0140 Report generation jobs in the database (docs/architecture.md, "Background jobs"), so any server instance can
-- answer a poll or a download and a restart loses no job. The queue that dispatches them to a worker is pg-boss's
-- (schema pgboss, created by the library); this table holds what the owner sees: status, progress, and the files.
--
-- What is stored: the aggregate figures collected (and audited) in the start request, until the files are made, then
-- the PDF and the workbook. No personal data: the report is aggregate, small counts already suppressed. Still, a job
-- and its files are readable only by the user who started it, which row-level security below enforces for the
-- application role; the worker writes as the table owner. Everything is deleted at expires_at (15 minutes).

CREATE TABLE report_jobs (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  owner_id uuid NOT NULL CONSTRAINT report_jobs_owner_fk REFERENCES users (id) ON DELETE CASCADE,
  plan_id uuid NOT NULL CONSTRAINT report_jobs_plan_fk REFERENCES action_plans (id) ON DELETE CASCADE,
  year integer NOT NULL,
  lang text NOT NULL CONSTRAINT report_jobs_lang_ck CHECK (lang IN ('da', 'en')),
  status text NOT NULL DEFAULT 'queued' CONSTRAINT report_jobs_status_ck CHECK (status IN ('queued', 'running', 'done', 'failed')),
  progress integer NOT NULL DEFAULT 10 CONSTRAINT report_jobs_progress_ck CHECK (progress BETWEEN 0 AND 100),
  step text NOT NULL DEFAULT 'queued',
  input jsonb,
  pdf bytea,
  xlsx bytea,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CONSTRAINT report_jobs_pk PRIMARY KEY (id),
  -- Files exist exactly when the job is done; the figures are kept only while the job waits or runs.
  CONSTRAINT report_jobs_files_ck CHECK ((status = 'done') = (pdf IS NOT NULL AND xlsx IS NOT NULL)),
  CONSTRAINT report_jobs_input_ck CHECK (status IN ('queued', 'running') OR input IS NULL)
);
CREATE INDEX report_jobs_owner_idx ON report_jobs (owner_id, status);
CREATE INDEX report_jobs_expiry_idx ON report_jobs (expires_at);

COMMENT ON TABLE report_jobs IS 'Yearly report generation jobs and their files, for 15 minutes. Aggregate figures only; readable by the owner only.';
COMMENT ON COLUMN report_jobs.input IS 'The collected aggregate figures (YearReport) and the unit name, until the files are made.';

GRANT SELECT ON report_jobs TO vink_app;
ALTER TABLE report_jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE report_jobs FORCE ROW LEVEL SECURITY;
CREATE POLICY report_jobs_system ON report_jobs USING (current_user <> 'vink_app');
CREATE POLICY report_jobs_owner ON report_jobs FOR SELECT TO vink_app USING (owner_id = vink_actor_id());
