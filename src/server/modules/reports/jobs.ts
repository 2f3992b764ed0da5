import { setImmediate as nextTick } from 'node:timers/promises';
import { runAsSystem } from '../../access/scope.ts';
import type { AppContext } from '../../platform/context.ts';
import type { JobQueue } from '../../platform/queue.ts';
import { AppError } from '../../platform/errors.ts';
import { YearReport } from '../../../shared/plans.ts';
import type { ReportLang, ReportStep } from '../../../shared/report-i18n.ts';
import type { ReportJobView } from './contracts.ts';
import { reportJobStore, type CollectedReport, type ReportJobRow } from './repo.ts';

/**
 * Report generation jobs, kept in the database (table report_jobs, migration 0140) and dispatched by the job queue
 * (platform/queue.ts, pg-boss), so any server instance answers a poll or a download and a restart loses no job
 * (docs/architecture.md, "Background jobs"). No sticky sessions are needed.
 *
 * The start request collects (and audits) the figures and stores them with a queued job; a worker on any instance
 * prints the PDF and the workbook, stores them on the job and forgets the figures. The files are aggregate tables,
 * readable only by the user who started the job (row-level security on report_jobs), and are deleted with the job
 * JOB_TTL_MS after it was created.
 *
 * Each instance runs one job at a time (one Chromium page at a time keeps memory flat); each user may have at most
 * MAX_ACTIVE_PER_USER jobs waiting or running. A worker beats while it prints; when an instance dies mid-job the
 * beat stops and pg-boss hands the job to another instance (HEARTBEAT_SECONDS, then JOB_SUPERVISE_SECONDS).
 */
export const JOB_TTL_MS = 15 * 60_000;
export const MAX_ACTIVE_PER_USER = 2;
/** Finished jobs (with their files) kept per user; older ones are deleted when a new job starts. */
const KEEP_FINISHED_PER_USER = 5;
export const REPORT_QUEUE = 'vink-year-report';
/** pg-boss's minimum; a job whose worker has not beaten for this long is retried elsewhere. */
const HEARTBEAT_SECONDS = 10;
/** A queued job with no queue entry this old (the send failed after the row was stored) is sent again. */
const STRANDED_MS = 60_000;
const SWEEP_EVERY_MS = 5 * 60_000;

export type PdfPrinter = (html: string, opts: { lang: ReportLang; year: number }) => Promise<Buffer>;

export class ReportJobs {
  private readonly ctx: AppContext;
  private readonly queue: JobQueue;
  private readonly printPdf: PdfPrinter;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(deps: { ctx: AppContext; queue: JobQueue; printPdf: PdfPrinter }) {
    this.ctx = deps.ctx;
    this.queue = deps.queue;
    this.printPdf = deps.printPdf;
  }

  /** Declares the queue and, on an instance that runs workers, starts this instance's worker and sweep. */
  async init(): Promise<void> {
    await this.queue.define(REPORT_QUEUE, {
      heartbeatSeconds: HEARTBEAT_SECONDS,
      // A print is bounded by PRINT_TIMEOUT_MS (pdf.ts); this only bounds a worker that beats but never returns.
      expireInSeconds: 300,
      retryLimit: 2,
      deleteAfterSeconds: Math.ceil(JOB_TTL_MS / 1000),
    });
    if (!this.queue.runsWorkers) return;
    await this.queue.work<{ jobId: string }>(REPORT_QUEUE, (data) => this.run(data.jobId));
    await this.sweep();
    this.timer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  /**
   * Throws 429 when ownerId already has MAX_ACTIVE_PER_USER jobs waiting or running. Checked before the figures are
   * collected (so a refused start exports nothing) and again, under a lock, when the job is stored.
   */
  async assertCanStart(ownerId: string): Promise<void> {
    const n = await runAsSystem(this.ctx, 'reports', (s) => reportJobStore(s).activeCount(ownerId));
    if (n >= MAX_ACTIVE_PER_USER) throw tooMany();
  }

  /** Stores a queued job for ownerId with the collected figures and sends it to the queue. */
  async start(ownerId: string, collected: CollectedReport, lang: ReportLang): Promise<ReportJobRow> {
    const job = await runAsSystem(this.ctx, 'reports', (s) =>
      reportJobStore(s).insert(ownerId, collected, lang, JOB_TTL_MS, MAX_ACTIVE_PER_USER, KEEP_FINISHED_PER_USER));
    if (!job) throw tooMany();
    // Outside the row's transaction: pg-boss writes through its own connection. Should this send fail, the sweep
    // sends the stranded job again (the job id is the queue entry's id, so a second send is a no-op).
    await this.queue.send(REPORT_QUEUE, { jobId: job.id }, { id: job.id });
    this.queue.wake(REPORT_QUEUE);
    return job;
  }

  /** Stops the sweep; running jobs finish when the queue is released (platform/queue.ts). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** The worker: prints one job. A failure of the job itself marks it failed; a lost instance is retried by pg-boss. */
  private async run(jobId: string): Promise<void> {
    const store = <T,>(fn: (s: ReturnType<typeof reportJobStore>) => Promise<T>) => runAsSystem(this.ctx, 'reports', (s) => fn(reportJobStore(s)));
    const claimed = await store((r) => r.claim(jobId));
    if (!claimed) return; // expired, deleted or finished by an earlier attempt
    const set = (step: ReportStep, progress: number) => store((r) => r.step(jobId, step, progress));
    const work = (async () => {
      try {
        const input: CollectedReport = { report: YearReport.parse(claimed.input.report), unitName: claimed.input.unitName };
        const { renderYearReportHtml } = await import('./html.ts');
        await nextTick();
        let lastStep: Promise<void> = Promise.resolve();
        const { html, tables } = renderYearReportHtml(input.report, {
          lang: claimed.lang, unitName: input.unitName, onStep: (s) => { lastStep = lastStep.then(() => set(s, s === 'charts' ? 20 : 35)); },
        });
        await lastStep;
        await set('pdf', 40);
        const t0 = performance.now();
        const pdf = await this.printPdf(html, { lang: claimed.lang, year: input.report.year });
        const pdfMs = Math.round(performance.now() - t0);
        await set('excel', 85);
        // exceljs is loaded on first use only: it is large and most starts never print a report.
        const { buildWorkbook } = await import('./xlsx.ts');
        const xlsx = await buildWorkbook(input.report, tables, claimed.lang, new Date(claimed.createdAt));
        // The Word version, for committee papers that are edited before they go out (docx.ts).
        const { buildWordDocument } = await import('./docx.ts');
        const docx = await buildWordDocument(input.report, tables, claimed.lang, input.unitName);
        await store((r) => r.finish(jobId, pdf, xlsx, docx));
        this.ctx.logger.info({ jobId, pdfMs, pdfBytes: pdf.length, xlsxBytes: xlsx.length }, 'year report generated');
      } catch (err) {
        await store((r) => r.fail(jobId)).catch(() => undefined);
        // The message is technical (browser, timeout); the report's figures are never part of it.
        this.ctx.logger.error({ jobId, err: err instanceof Error ? err.message : String(err) }, 'year report failed');
      }
    })();
    this.running = work;
    await work;
  }

  /** Forgets expired jobs and sends stranded ones again. Logs counts only. */
  private async sweep(): Promise<void> {
    if (this.closed) return;
    try {
      const r = await runAsSystem(this.ctx, 'reports', (s) => reportJobStore(s).sweep(STRANDED_MS));
      for (const id of r.stranded) await this.queue.send(REPORT_QUEUE, { jobId: id }, { id });
      if (r.stranded.length) this.queue.wake(REPORT_QUEUE);
      if (r.deleted || r.stranded.length) this.ctx.logger.info({ job: 'report-sweep', deleted: r.deleted, resent: r.stranded.length }, 'report jobs swept');
    } catch (err) {
      const e = err as Error & { code?: string };
      this.ctx.logger.error({ job: 'report-sweep', err: { name: e.name, code: e.code } }, 'report sweep failed');
    }
  }
}

function tooMany(): AppError {
  return new AppError('rate_limited', `At most ${MAX_ACTIVE_PER_USER} reports may be in progress at a time; wait for one to finish.`);
}

/** The job as its owner sees it: status and progress, never the figures. */
export function presentJob(job: ReportJobRow): ReportJobView {
  return {
    jobId: job.id, status: job.status, progress: job.progress, step: job.step, year: job.year,
    expiresAt: new Date(job.expiresAt).toISOString(),
  };
}
