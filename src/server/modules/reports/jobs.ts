import { randomUUID } from 'node:crypto';
import { setImmediate as nextTick } from 'node:timers/promises';
import type { Clock } from '../../platform/clock.ts';
import type { Logger } from '../../platform/logger.ts';
import { AppError } from '../../platform/errors.ts';
import type { YearReport } from '../../../shared/plans.ts';
import type { ReportLang, ReportStep } from '../../../shared/report-i18n.ts';
import type { ReportFormat, ReportJobStatus, ReportJobView } from './contracts.ts';
import { renderYearReportHtml } from './html.ts';
import { buildWorkbook } from './xlsx.ts';

/**
 * Report generation jobs, held in memory by the server instance that started them.
 *
 * Why in memory: a report is rendered in a few seconds from figures already collected (and audited) in the start
 * request, and the files are aggregate tables the user downloads once. Keeping them out of the database avoids
 * storing yet another copy of the unit's figures. The price: in a multi-instance deployment the client must poll
 * and download from the instance that started the job (sticky sessions on the session cookie), and a restart
 * forgets running jobs (the user starts again). Jobs expire JOB_TTL_MS after they are created, files included.
 *
 * Jobs run one at a time per instance (one Chromium page at a time keeps memory flat); each user may have at most
 * MAX_ACTIVE_PER_USER jobs waiting or running.
 */
export const JOB_TTL_MS = 15 * 60_000;
export const MAX_ACTIVE_PER_USER = 2;
/** Bounds the memory the files may take: the oldest finished jobs are dropped first. */
const MAX_JOBS = 100;

export interface ReportJob {
  id: string;
  ownerId: string;
  planId: string;
  year: number;
  lang: ReportLang;
  status: ReportJobStatus;
  progress: number;
  step: ReportStep;
  createdAt: number;
  expiresAt: number;
  files: Partial<Record<ReportFormat, Buffer>>;
}

/** What a job needs to print: the figures, the unit's name for the title page, and the PDF printer. */
export interface JobInput {
  ownerId: string;
  report: YearReport;
  unitName: string;
  lang: ReportLang;
}
export type PdfPrinter = (html: string, opts: { lang: ReportLang; year: number }) => Promise<Buffer>;

export class ReportJobs {
  private readonly jobs = new Map<string, ReportJob>();
  private tail: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly printPdf: PdfPrinter;

  constructor(deps: { clock: Clock; logger: Logger; printPdf: PdfPrinter }) {
    this.clock = deps.clock;
    this.logger = deps.logger;
    this.printPdf = deps.printPdf;
  }

  /**
   * Throws 429 when ownerId already has MAX_ACTIVE_PER_USER jobs waiting or running. Checked before the figures are
   * collected (so a refused start exports nothing) and again in start.
   */
  assertCanStart(ownerId: string): void {
    this.sweep();
    const active = [...this.jobs.values()].filter((j) => j.ownerId === ownerId && (j.status === 'queued' || j.status === 'running'));
    if (active.length >= MAX_ACTIVE_PER_USER) {
      throw new AppError('rate_limited', `At most ${MAX_ACTIVE_PER_USER} reports may be in progress at a time; wait for one to finish.`);
    }
  }

  /** Queues a job for input's owner. */
  start(input: JobInput): ReportJob {
    this.assertCanStart(input.ownerId);
    const now = this.clock.now().getTime();
    const job: ReportJob = {
      id: randomUUID(), ownerId: input.ownerId, planId: input.report.planId, year: input.report.year, lang: input.lang,
      // The figures were collected in the start request.
      status: 'queued', progress: 10, step: 'queued', createdAt: now, expiresAt: now + JOB_TTL_MS, files: {},
    };
    this.jobs.set(job.id, job);
    this.tail = this.tail.then(() => this.run(job, input));
    return job;
  }

  /** The job if it exists, has not expired and belongs to ownerId; otherwise null (the caller answers 404). */
  find(id: string, ownerId: string): ReportJob | null {
    this.sweep();
    const job = this.jobs.get(id);
    return job && job.ownerId === ownerId ? job : null;
  }

  /** Resolves when every queued job has finished; new jobs are refused afterwards. For app shutdown and tests. */
  async close(): Promise<void> {
    this.closed = true;
    await this.tail;
  }

  private async run(job: ReportJob, input: JobInput): Promise<void> {
    if (this.closed) return this.fail(job, new Error('server closing'));
    const set = (step: ReportStep, progress: number) => {
      job.step = step;
      job.progress = progress;
    };
    try {
      job.status = 'running';
      set('charts', 15);
      await nextTick();
      const { html, tables } = renderYearReportHtml(input.report, {
        lang: input.lang, unitName: input.unitName, onStep: (s) => set(s, s === 'charts' ? 20 : 35),
      });
      set('pdf', 40);
      await nextTick();
      const t0 = performance.now();
      job.files.pdf = await this.printPdf(html, { lang: input.lang, year: input.report.year });
      const pdfMs = Math.round(performance.now() - t0);
      set('excel', 85);
      await nextTick();
      job.files.xlsx = await buildWorkbook(input.report, tables, input.lang, new Date(job.createdAt));
      set('done', 100);
      job.status = 'done';
      this.logger.info({ jobId: job.id, pdfMs, pdfBytes: job.files.pdf.length, xlsxBytes: job.files.xlsx.length }, 'year report generated');
    } catch (err) {
      this.fail(job, err);
    }
  }

  private fail(job: ReportJob, err: unknown): void {
    job.status = 'failed';
    job.step = 'failed';
    job.files = {};
    // The message is technical (browser, timeout); the report's figures are never part of it.
    this.logger.error({ jobId: job.id, err: err instanceof Error ? err.message : String(err) }, 'year report failed');
  }

  private sweep(): void {
    const now = this.clock.now().getTime();
    for (const [id, j] of this.jobs) if (j.expiresAt <= now && (j.status === 'done' || j.status === 'failed')) this.jobs.delete(id);
    if (this.jobs.size >= MAX_JOBS) {
      const finished = [...this.jobs.values()].filter((j) => j.status === 'done' || j.status === 'failed').sort((a, b) => a.createdAt - b.createdAt);
      for (const j of finished.slice(0, this.jobs.size - MAX_JOBS + 1)) this.jobs.delete(j.id);
    }
  }
}

/** The job as its owner sees it: status and progress, never the figures. */
export function presentJob(job: ReportJob): ReportJobView {
  return {
    jobId: job.id, status: job.status, progress: job.progress, step: job.step, year: job.year,
    expiresAt: new Date(job.expiresAt).toISOString(),
  };
}
