import { z } from 'zod';
import type { Api, RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import { loadPdfPrinter } from '../reports/index.ts';
import { caseSummary } from './service.ts';

const FileBody = z.custom<Buffer>((v) => Buffer.isBuffer(v)).meta({ type: 'string', format: 'binary' });

/**
 * GET /cases/:id/summary.pdf: the case summary as a tagged PDF (docs/domain.md, "The case summary"). The record is
 * read and audited as an export inside the request's scope; Chromium prints it afterwards, outside the transaction.
 * The file name carries no personal data, and the response is not cached.
 */
export async function caseSummaryRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  let printer: ReturnType<typeof loadPdfPrinter> | null = null;
  api.addHook('onClose', async () => {
    if (printer) await (await printer.catch(() => null))?.release();
  });
  api.get('/cases/:id/summary.pdf', { schema: { tags: ['cases'], params: IdParams, response: { 200: FileBody } } }, async (req, reply) => {
    const html = await req.scoped((s) => caseSummary.html(s, req.params.id));
    printer ??= loadPdfPrinter();
    const pdf = await (await printer).printPdf(html, { lang: 'da', year: new Date().getFullYear(), footer: 'Sagsresumé · fortroligt' });
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', 'attachment; filename="sagsresume.pdf"')
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(pdf);
  });
}
