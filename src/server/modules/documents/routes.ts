import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Api, RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import { DocumentContentQuery, DocumentShareInput, DocumentView } from '../../../shared/documents.ts';
import type { ClamdAddress } from '../../platform/clamav.ts';
import { documents, prepareUpload } from './service.ts';

/** Content-Disposition for a download: an ASCII fallback name and the exact UTF-8 name (RFC 6266 / RFC 8187). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/**
 * Documents on concerns and cases (docs/security.md, "Documents"). An upload is the raw file as
 * application/octet-stream, its name percent-encoded in the x-vink-file-name header: no base64 inflation of a
 * 10 MB scan, no multipart parser, and the name never in the URL. Only these routes accept that content type (a
 * plugin of their own), with their own body limit (DOCUMENT_MAX_BYTES); every other route still takes JSON only.
 * A download is a GET on the document's opaque id; the server names the file in Content-Disposition.
 */
export async function documentsRoutes(api: Api, deps: RouteDeps): Promise<void> {
  const tags = ['documents'];
  const { config } = deps.ctx;
  const box = deps.ctx.secretBox.fileBox();
  const scanner: ClamdAddress | null = config.CLAMD_SOCKET || config.CLAMD_TCP
    ? { socket: config.CLAMD_SOCKET, tcp: config.CLAMD_TCP, timeoutMs: config.CLAMD_TIMEOUT_MS } : null;
  const bodyLimit = config.DOCUMENT_MAX_BYTES;

  api.get('/cases/:id/documents', { schema: { tags, params: IdParams, response: { 200: z.array(DocumentView) } } }, (req) =>
    req.scoped((s) => documents.list(s, 'case', req.params.id)));
  api.get('/concerns/:id/documents', { schema: { tags, params: IdParams, response: { 200: z.array(DocumentView) } } }, (req) =>
    req.scoped((s) => documents.list(s, 'concern', req.params.id)));
  api.get('/meetings/:id/documents', { schema: { tags, params: IdParams, response: { 200: z.array(DocumentView) } } }, (req) =>
    req.scoped((s) => documents.list(s, 'meeting', req.params.id)));
  api.post('/documents/:id/share', { schema: { tags, params: IdParams, body: DocumentShareInput, response: { 200: DocumentView } } }, (req) =>
    req.scoped((s) => documents.share(s, req.params.id, req.body)));
  api.get('/documents/:id/content', { schema: { tags, params: IdParams, querystring: DocumentContentQuery } }, async (req, reply) => {
    const file = await req.scoped((s) => documents.content(s, box, req.params.id, req.query.version));
    return reply.header('content-type', file.mediaType).header('content-disposition', contentDisposition(file.fileName))
      .header('x-content-type-options', 'nosniff').send(file.body);
  });

  await api.register(async (plugin) => {
    const raw = plugin.withTypeProvider<ZodTypeProvider>();
    raw.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));
    raw.post('/cases/:id/documents', { bodyLimit, schema: { tags, params: IdParams, response: { 201: DocumentView } } }, async (req, reply) => {
      const up = await prepareUpload(req.body, req.headers, scanner);
      return reply.status(201).send(await req.scoped((s) => documents.upload(s, box, 'case', req.params.id, up)));
    });
    raw.post('/concerns/:id/documents', { bodyLimit, schema: { tags, params: IdParams, response: { 201: DocumentView } } }, async (req, reply) => {
      const up = await prepareUpload(req.body, req.headers, scanner);
      return reply.status(201).send(await req.scoped((s) => documents.upload(s, box, 'concern', req.params.id, up)));
    });
    raw.post('/meetings/:id/documents', { bodyLimit, schema: { tags, params: IdParams, response: { 201: DocumentView } } }, async (req, reply) => {
      const up = await prepareUpload(req.body, req.headers, scanner);
      return reply.status(201).send(await req.scoped((s) => documents.upload(s, box, 'meeting', req.params.id, up)));
    });
    raw.post('/documents/:id/versions', { bodyLimit, schema: { tags, params: IdParams, response: { 201: DocumentView } } }, async (req, reply) => {
      const up = await prepareUpload(req.body, req.headers, scanner);
      return reply.status(201).send(await req.scoped((s) => documents.addVersion(s, box, req.params.id, req.headers['x-vink-version'], up)));
    });
  });
}
