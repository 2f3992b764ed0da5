import type { Scope } from '../../access/scope.ts';
import { mayAttempt } from '../../access/policy.ts';
import type { AuditEntry } from '../../audit/audit.ts';
import { errors } from '../../platform/errors.ts';
import type { ReportFormat, YearReportRequest } from './contracts.ts';
import { reportJobRepo, reportRepo, type CollectedReport, type ReportJobRow } from './repo.ts';

/**
 * The yearly report to the committee (docs/domain.md, "Action plans, targets and budget"). The report holds aggregate
 * figures only, but it is an export of the unit's case figures, so the start request (reportRepo.collect) and every
 * download each write one audit row (action export). Polling a job's progress exports nothing and is not audited.
 */

/** Collects the figures for planId's year in the actor's scope, audited once as an export (repo.ts). */
function collect(s: Scope, input: YearReportRequest): Promise<CollectedReport> {
  return reportRepo(s).collect(input);
}

/**
 * Progress of a job. Only its owner sees it (anyone else: 404, so job ids do not leak; row-level security on
 * report_jobs enforces it too); a role that may not export reports at all gets 403. Not audited: status and progress
 * hold no figures.
 */
async function status(s: Scope, jobId: string): Promise<ReportJobRow> {
  if (!mayAttempt('report.export', s.actor.role)) throw errors.forbidden();
  const job = await reportJobRepo(s).find(jobId);
  if (!job) throw errors.notFound('Report job');
  return job;
}

/**
 * A finished job's file for its owner, audited as an export of the plan's report. Another user's job, an unknown
 * or expired one answers an audited 404; a job not done yet an audited 409 naming its status.
 */
async function download(s: Scope, jobId: string, format: ReportFormat): Promise<{ job: ReportJobRow; file: Buffer }> {
  const entry: Omit<AuditEntry, 'outcome'> = { action: 'export', recordType: 'year_report', recordId: jobId, criterion: format };
  s.requireRole('report.export', entry);
  const job = await reportJobRepo(s).file(jobId, format);
  if (!job) s.refuse(entry, errors.notFound('Report job'));
  const file = job.file;
  if (job.status !== 'done' || !file) {
    s.refuse(entry, errors.conflict(`The report is ${job.status}; files can be downloaded when it is done.`, { status: job.status, allowed: ['done'] }));
  }
  s.audit({ action: 'export', recordType: 'action_plan', recordId: job.planId, criterion: `year_report year=${job.year} format=${format}` });
  return { job, file };
}

export const reports = { collect, status, download };
