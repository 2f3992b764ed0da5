import { z } from 'zod';
import type { Api, RouteDeps } from '../../http/route-types.ts';
import { CaseExportQuery, ConcernExportQuery, EXPORT_ROWS_HEADER, EXPORT_TOTAL_HEADER } from '../../../shared/list-exports.ts';
import { listExports } from './service.ts';
import { buildListWorkbook, type ListExport } from './xlsx.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A file, described for the OpenAPI document; the handler sends the bytes as they are. */
const FileBody = z.custom<Buffer>((v) => Buffer.isBuffer(v)).meta({ type: 'string', format: 'binary' });

/**
 * GET /concerns/export.xlsx and GET /cases/export.xlsx (docs/architecture.md, "Exports of a list"): the list with the
 * same filters and sort as the paged list, every page, under the same reach, at most LIST_EXPORT_MAX_ROWS rows (the
 * sheet and the headers say how many of the total it holds). The rows are read and audited in the request's scope; the
 * workbook is written after. The file name carries no personal data, and the response is not cached.
 */
export async function listExportsRoutes(api: Api, deps: RouteDeps): Promise<void> {
  const ceiling = deps.ctx.config.LIST_EXPORT_MAX_ROWS;
  const headers = (x: ListExport, name: string) => ({
    'content-type': XLSX,
    'content-disposition': `attachment; filename="${name}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    [EXPORT_ROWS_HEADER]: String(x.rows.length),
    [EXPORT_TOTAL_HEADER]: String(x.total),
  });
  api.get('/concerns/export.xlsx', { schema: { tags: ['concerns'], querystring: ConcernExportQuery, response: { 200: FileBody } } }, async (req, reply) => {
    const x = await req.scoped((s) => listExports.concerns(s, req.query, ceiling));
    return reply.headers(headers(x, 'henvendelser.xlsx')).send(await buildListWorkbook(x));
  });
  api.get('/cases/export.xlsx', { schema: { tags: ['cases'], querystring: CaseExportQuery, response: { 200: FileBody } } }, async (req, reply) => {
    const x = await req.scoped((s) => listExports.cases(s, req.query, ceiling));
    return reply.headers(headers(x, 'sager.xlsx')).send(await buildListWorkbook(x));
  });
}
