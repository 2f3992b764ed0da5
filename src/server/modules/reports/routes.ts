import { z } from 'zod';
import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/route-types.ts';
import { JobParams, REPORT_FORMATS, ReportJobView, YearReportRequest, type ReportFormat } from './contracts.ts';
import { ReportJobs, presentJob, type PdfPrinter } from './jobs.ts';
import { reports } from './service.ts';
import { leaseJobQueue } from '../../platform/queue.ts';

const CONTENT_TYPE: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};
/** A file, described for the OpenAPI document; the handler sends the bytes as they are. */
const FileBody = z.custom<Buffer>((v) => Buffer.isBuffer(v)).meta({ type: 'string', format: 'binary' });

/**
 * The yearly report to the committee: POST starts a generation job (202), GET polls it, and the two file routes
 * download the PDF and the workbook. Jobs and files are kept in the database and run on the job queue (see jobs.ts),
 * so any instance answers. Chromium (pdf.ts) is loaded and launched only when this instance prints its first PDF, and
 * released when the app closes.
 */
export async function reportsRoutes(api: Api, deps: RouteDeps): Promise<void> {
  const tags = ['reports'];
  const { ctx } = deps;
  let printer: Promise<{ printPdf: PdfPrinter; release(): Promise<void> }> | null = null;
  const printPdf: PdfPrinter = async (html, opts) => {
    printer ??= import('./pdf.ts').then((m) => ({ printPdf: m.printPdf, ...m.leasePrinter() }));
    return (await printer).printPdf(html, opts);
  };
  // The queue and this instance's worker start in the background, off the path to a listening server; the routes
  // wait for them (a fraction of a second after boot).
  const lease = leaseJobQueue(ctx.db, ctx.logger, { workers: ctx.config.JOB_WORKERS, superviseSeconds: ctx.config.JOB_SUPERVISE_SECONDS });
  const ready = lease.then(async (l) => {
    const jobs = new ReportJobs({ ctx, queue: l.queue, printPdf });
    await jobs.init();
    return jobs;
  });
  ready.catch((err: Error & { code?: string }) => ctx.logger.error({ job: 'reports', err: { name: err.name, code: err.code, message: err.message } }, 'report queue did not start'));
  api.addHook('onClose', async () => {
    await (await ready.catch(() => null))?.close();
    await (await lease.catch(() => null))?.release();
    if (printer) await (await printer).release();
  });

  api.post('/reports/year', { schema: { tags, body: YearReportRequest, response: { 202: ReportJobView } } }, async (req, reply) => {
    const jobs = await ready;
    await jobs.assertCanStart(req.actor().id);
    const collected = await req.scoped((s) => reports.collect(s, req.body));
    const job = await jobs.start(req.actor().id, collected, req.body.lang);
    return reply.status(202).send(presentJob(job));
  });

  api.get('/reports/jobs/:jobId', { schema: { tags, params: JobParams, response: { 200: ReportJobView } } }, async (req) =>
    presentJob(await req.scoped((s) => reports.status(s, req.params.jobId))));

  for (const format of REPORT_FORMATS) {
    api.get(`/reports/jobs/:jobId/${format}`, { schema: { tags, params: JobParams, response: { 200: FileBody } } }, async (req, reply) => {
      const { job, file } = await req.scoped((s) => reports.download(s, req.params.jobId, format));
      // A non-personal file name: the report is about the unit's year, never about a person.
      return reply
        .header('content-type', CONTENT_TYPE[format])
        .header('content-disposition', `attachment; filename="aarsrapport-${job.year}.${format}"`)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(file);
    });
  }
}
