import type { Queryable } from '../../platform/db.ts';
import { repository, systemRepository, type Scope, type SystemScope } from '../../access/scope.ts';
import { buildYearReport } from '../plans/index.ts';
import { hotlineYearReportInTrx } from '../calls/index.ts';
import type { YearReport } from '../../../shared/plans.ts';
import type { ReportFormat, ReportJobStatus, YearReportRequest } from './contracts.ts';
import type { ReportLang, ReportStep } from '../../../shared/report-i18n.ts';

/** The figures of one yearly report and the unit's name for its title block. */
export interface CollectedReport {
  report: YearReport;
  unitName: string;
}

/**
 * The reports module's repository. The report holds aggregate figures only, but it is an export of the unit's case
 * figures, so collecting it writes one audit row (action export) here, in the method that reads the figures, so no
 * caller can collect a report unaudited.
 */
export const reportRepo = repository((tx: Queryable, s: Scope) => ({
  /**
   * Collects the figures for the plan's year in the actor's scope (plans' buildYearReport: report.export, the actor's
   * unit, audited 403/404 otherwise, small counts suppressed unless the actor sees exact counts) and audits the
   * export once. The unit's name is read with the plan under row-level security, so only the actor's units answer.
   */
  async collect(input: YearReportRequest): Promise<CollectedReport> {
    const report = await buildYearReport(s, input.planId, input.year);
    const r = await tx.query<{ name: string; unitId: string }>(
      'SELECT u.name, u.id AS "unitId" FROM action_plans p JOIN units u ON u.id = p.unit_id WHERE p.id = $1', [input.planId]);
    // The shared hotline's section (issue 15): only for a unit in a hotline.
    const unitId = r.rows[0]?.unitId;
    if (unitId) report.hotline = await hotlineYearReportInTrx(s, unitId, input.year, report.exactCounts);
    if (unitId) report.staffing = await staffingAndWorkload(tx, input.planId, unitId, input.year, report.exactCounts);
    s.audit({ action: 'export', recordType: 'action_plan', recordId: input.planId, criterion: `year_report year=${input.year} lang=${input.lang}` });
    return { report, unitName: r.rows[0]?.name ?? '' };
  },
}));

/**
 * Staffing and workload for the report (docs/domain.md, "The yearly report"): the plan's staffing budget lines of the
 * year (FTE, migration 0281) and the unit's workload: cases open at the end of the year, concerns received in it,
 * courses running at some time in it, and course sessions held in it. Read under row-level security in the actor's
 * transaction, restricted to the plan's unit; counts under five are withheld unless the actor sees exact counts.
 */
async function staffingAndWorkload(tx: Queryable, planId: string, unitId: string, year: number, exactCounts: boolean): Promise<YearReport['staffing']> {
  const lines = await tx.query<{ trackName: string | null; fundingSource: string; label: string | null; fte: string; amountDkk: string }>(
    `SELECT t.name AS "trackName", b.funding_source AS "fundingSource", b.label, b.fte::text AS fte, b.amount_dkk::text AS "amountDkk"
       FROM budget_lines b LEFT JOIN plan_tracks t ON t.id = b.track_id
      WHERE b.plan_id = $1 AND b.year = $2 AND b.kind = 'staffing' ORDER BY t.name NULLS LAST, b.funding_source, b.id`, [planId, year]);
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const w = await tx.query<{ cases: number; concerns: number; courses: number; sessions: number }>(
    `SELECT (SELECT count(*)::int FROM cases WHERE unit_id = $1 AND created_at < $3::date AND (closed_at IS NULL OR closed_at >= $3::date)) AS cases,
            (SELECT count(*)::int FROM concerns WHERE unit_id = $1 AND received_at >= $2::date AND received_at < $3::date) AS concerns,
            (SELECT count(*)::int FROM courses WHERE unit_id = $1 AND started_on < $3::date AND (ended_on IS NULL OR ended_on >= $2::date)) AS courses,
            (SELECT count(*)::int FROM course_sessions WHERE unit_id = $1 AND held_on >= $2::date AND held_on < $3::date) AS sessions`, [unitId, from, to]);
  const n = (v: number) => (exactCounts || v === 0 || v >= 5 ? v : null);
  const row = w.rows[0]!;
  const mapped = lines.rows.map((l) => ({ trackName: l.trackName, fundingSource: l.fundingSource, label: l.label, fte: Number(l.fte), amountDkk: Number(l.amountDkk) }));
  return {
    lines: mapped,
    totalFte: Math.round(mapped.reduce((t, l) => t + l.fte, 0) * 100) / 100,
    workload: { openCasesAtYearEnd: n(row.cases), concernsReceived: n(row.concerns), coursesRunning: n(row.courses), sessionsHeld: n(row.sessions) },
  };
}

/** A job as its owner sees it (no figures, no files). */
export interface ReportJobRow {
  id: string;
  planId: string;
  year: number;
  status: ReportJobStatus;
  progress: number;
  step: ReportStep;
  expiresAt: Date;
}

const JOB_COLUMNS = `id, plan_id AS "planId", year, status, progress, step, expires_at AS "expiresAt"`;

/**
 * The owner's view of report jobs (table report_jobs, migration 0140). Runs as the application role, so row-level
 * security answers only the actor's own jobs whatever the predicate says; the owner predicate is kept as well, so
 * the rule holds on both layers. An expired job reads as absent.
 */
export const reportJobRepo = repository((tx: Queryable, s: Scope) => ({
  async find(jobId: string): Promise<ReportJobRow | null> {
    const r = await tx.query<ReportJobRow>(`SELECT ${JOB_COLUMNS} FROM report_jobs WHERE id = $1 AND owner_id = $2 AND expires_at > $3`,
      [jobId, s.actor.id, s.now]);
    return r.rows[0] ?? null;
  },
  /** The job and one of its files (null until the job is done). */
  async file(jobId: string, format: ReportFormat): Promise<(ReportJobRow & { file: Buffer | null }) | null> {
    const column = format === 'pdf' ? 'pdf' : format === 'docx' ? 'docx' : 'xlsx';
    const r = await tx.query<ReportJobRow & { file: Buffer | Uint8Array | null }>(
      `SELECT ${JOB_COLUMNS}, ${column} AS file FROM report_jobs WHERE id = $1 AND owner_id = $2 AND expires_at > $3`, [jobId, s.actor.id, s.now]);
    const row = r.rows[0];
    if (!row) return null;
    return { ...row, file: row.file ? Buffer.from(row.file.buffer, row.file.byteOffset, row.file.byteLength) : null };
  },
}));

/** What the worker needs to print a job. */
export interface ClaimedReportJob {
  id: string;
  lang: ReportLang;
  createdAt: Date;
  input: CollectedReport;
}

/**
 * The report jobs' bookkeeping on the system path: queueing (with the per-user limit), the worker's progress and
 * files, and the sweep of expired jobs. Holds the figures and files of other users' jobs, so it never answers them
 * to a request; the owner reads through reportJobRepo.
 */
export const reportJobStore = systemRepository((tx: Queryable, s: SystemScope) => ({
  /** Jobs of ownerId waiting or running, after forgetting expired ones. */
  async activeCount(ownerId: string): Promise<number> {
    const r = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM report_jobs WHERE owner_id = $1 AND status IN ('queued', 'running') AND expires_at > $2`, [ownerId, s.now]);
    return r.rows[0]!.n;
  },
  /**
   * Inserts a queued job unless ownerId already has maxActive jobs waiting or running (then null). Serialised per
   * owner by an advisory lock, so two simultaneous starts cannot both pass the count. Keeps at most keepFinished
   * finished jobs per owner (the oldest files go first).
   */
  async insert(ownerId: string, input: CollectedReport, lang: ReportLang, ttlMs: number, maxActive: number, keepFinished: number): Promise<ReportJobRow | null> {
    await tx.query(`SELECT pg_advisory_xact_lock(7357140, hashtext($1))`, [ownerId]);
    const r = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM report_jobs WHERE owner_id = $1 AND status IN ('queued', 'running') AND expires_at > $2`, [ownerId, s.now]);
    if (r.rows[0]!.n >= maxActive) return null;
    await tx.query(`DELETE FROM report_jobs WHERE id IN (SELECT id FROM report_jobs WHERE owner_id = $1 AND status IN ('done', 'failed')
      ORDER BY created_at DESC OFFSET $2)`, [ownerId, keepFinished]);
    const ins = await tx.query<ReportJobRow>(
      `INSERT INTO report_jobs (owner_id, plan_id, year, lang, input, created_at, updated_at, expires_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $6, $7) RETURNING ${JOB_COLUMNS}`,
      [ownerId, input.report.planId, input.report.year, lang, JSON.stringify(input), s.now, new Date(s.now.getTime() + ttlMs)]);
    return ins.rows[0]!;
  },
  /** Marks the job running and returns what it needs; null when it is gone, expired or already finished. */
  async claim(jobId: string): Promise<ClaimedReportJob | null> {
    const r = await tx.query<{ id: string; lang: ReportLang; createdAt: Date; input: CollectedReport }>(
      `UPDATE report_jobs SET status = 'running', step = 'charts', progress = GREATEST(progress, 15), updated_at = $2
       WHERE id = $1 AND status IN ('queued', 'running') AND expires_at > $2 RETURNING id, lang, created_at AS "createdAt", input`, [jobId, s.now]);
    return r.rows[0] ?? null;
  },
  /** Records progress (never backwards: a retried job keeps the furthest step its poller has seen). */
  async step(jobId: string, step: ReportStep, progress: number): Promise<void> {
    await tx.query(`UPDATE report_jobs SET step = CASE WHEN progress <= $3 THEN $2 ELSE step END, progress = GREATEST(progress, $3), updated_at = $4
      WHERE id = $1 AND status = 'running'`, [jobId, step, progress, s.now]);
  },
  /** Stores the files and forgets the figures they were made from. */
  async finish(jobId: string, pdf: Buffer, xlsx: Buffer, docx: Buffer): Promise<void> {
    await tx.query(`UPDATE report_jobs SET status = 'done', step = 'done', progress = 100, pdf = $2, xlsx = $3, docx = $5, input = NULL, updated_at = $4
      WHERE id = $1 AND status = 'running'`, [jobId, pdf, xlsx, s.now, docx]);
  },
  async fail(jobId: string): Promise<void> {
    await tx.query(`UPDATE report_jobs SET status = 'failed', step = 'failed', input = NULL, updated_at = $2 WHERE id = $1 AND status IN ('queued', 'running')`,
      [jobId, s.now]);
  },
  /** Deletes expired jobs, files and figures included; returns queued jobs older than staleMs (to send again). */
  async sweep(staleMs: number): Promise<{ deleted: number; stranded: string[] }> {
    const d = await tx.query('DELETE FROM report_jobs WHERE expires_at <= $1', [s.now]);
    const st = await tx.query<{ id: string }>(`SELECT id FROM report_jobs WHERE status = 'queued' AND created_at <= $1`,
      [new Date(s.now.getTime() - staleMs)]);
    return { deleted: d.rowCount, stranded: st.rows.map((r) => r.id) };
  },
}));
