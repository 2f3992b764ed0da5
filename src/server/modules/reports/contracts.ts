import { z } from 'zod';
import { REPORT_LANGS, REPORT_STEPS } from '../../../shared/report-i18n.ts';

/**
 * zod contracts of the reports module's routes. (They belong in src/shared/reports.ts for the web client; kept here
 * until that file is assigned.)
 */
export const YearReportRequest = z.strictObject({
  planId: z.uuid(),
  year: z.number().int().min(2000).max(2100),
  /** The committee report is Danish; English is for the unit's own use. */
  lang: z.enum(REPORT_LANGS).default('da'),
});
export type YearReportRequest = z.infer<typeof YearReportRequest>;

export const ReportJobStatus = z.enum(['queued', 'running', 'done', 'failed']);
export type ReportJobStatus = z.infer<typeof ReportJobStatus>;

/** A generation job as its owner sees it. No figures: those are only in the files. */
export const ReportJobView = z.object({
  jobId: z.uuid(),
  status: ReportJobStatus,
  /** 0..100 */
  progress: z.number().int().min(0).max(100),
  /** The current step's key; its text is REPORT_LABELS[lang].steps[step] in src/shared/report-i18n.ts. */
  step: z.enum(REPORT_STEPS),
  year: z.number().int(),
  /** The job and its files are deleted after this instant (kept in the database, readable by the owner only). */
  expiresAt: z.iso.datetime(),
});
export type ReportJobView = z.infer<typeof ReportJobView>;

export const JobParams = z.object({ jobId: z.uuid() });
export const REPORT_FORMATS = ['pdf', 'xlsx', 'docx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
