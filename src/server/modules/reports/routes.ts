import { z } from 'zod';
import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/route-types.ts';
import { JobParams, ReportJobView, YearReportRequest, type ReportFormat } from './contracts.ts';
import { ReportJobs, presentJob } from './jobs.ts';
import { leasePrinter, printPdf } from './pdf.ts';
import { reports } from './service.ts';

const CONTENT_TYPE: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
/** A file, described for the OpenAPI document; the handler sends the bytes as they are. */
const FileBody = z.custom<Buffer>((v) => Buffer.isBuffer(v)).meta({ type: 'string', format: 'binary' });

/**
 * The yearly report to the committee: POST starts a generation job (202), GET polls it, and the two file routes
 * download the PDF and the workbook. Jobs live in this server instance's memory (see jobs.ts for why and what it
 * means for a multi-instance deployment); the shared Chromium is released when the app closes.
 */
export async function reportsRoutes(api: Api, deps: RouteDeps): Promise<void> {
  const tags = ['reports'];
  const printer = leasePrinter();
  const jobs = new ReportJobs({ clock: deps.ctx.clock, logger: deps.ctx.logger, printPdf });
  api.addHook('onClose', async () => {
    await jobs.close();
    await printer.release();
  });

  api.post('/reports/year', { schema: { tags, body: YearReportRequest, response: { 202: ReportJobView } } }, async (req, reply) => {
    jobs.assertCanStart(req.actor().id);
    const collected = await req.scoped((s) => reports.collect(s, req.body));
    const job = jobs.start({ ownerId: req.actor().id, ...collected, lang: req.body.lang });
    return reply.status(202).send(presentJob(job));
  });

  api.get('/reports/jobs/:jobId', { schema: { tags, params: JobParams, response: { 200: ReportJobView } } }, async (req) =>
    presentJob(reports.status(req.actor(), jobs, req.params.jobId)));

  for (const format of ['pdf', 'xlsx'] as const) {
    api.get(`/reports/jobs/:jobId/${format}`, { schema: { tags, params: JobParams, response: { 200: FileBody } } }, async (req, reply) => {
      const { job, file } = await req.scoped((s) => reports.download(s, jobs, req.params.jobId, format));
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
