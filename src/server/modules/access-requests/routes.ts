import { z } from 'zod';
import type { Api, RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import {
  AccessRequestCompilation, AccessRequestDetail, AccessRequestExport, AccessRequestExtend, AccessRequestInput, AccessRequestLinkPerson,
  AccessRequestPersonHit, AccessRequestPersonSearch, AccessRequestSummary, AccessRequestTransition, Exemption, ExemptionInput,
} from '../../../shared/access-requests.ts';
import { loadPdfPrinter } from '../reports/index.ts';
import { accessRequests } from './service.ts';
import { accessRequestHtml } from './html.ts';

/**
 * Access requests (GDPR Art. 15), for the DPO. Persons are searched by POST, so no name, CPR number or birth date is
 * ever in a URL; the files' names carry no personal data.
 */
export async function accessRequestsRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['access-requests'];
  let printer: ReturnType<typeof loadPdfPrinter> | null = null;
  api.addHook('onClose', async () => { if (printer) await (await printer).release(); });

  api.get('/access-requests', { schema: { tags, response: { 200: z.array(AccessRequestSummary) } } }, (req) =>
    req.scoped((s) => accessRequests.list(s)));
  api.post('/access-requests', { schema: { tags, body: AccessRequestInput, response: { 201: AccessRequestSummary } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => accessRequests.register(s, req.body))));
  api.get('/access-requests/:id', { schema: { tags, params: IdParams, response: { 200: AccessRequestDetail } } }, (req) =>
    req.scoped((s) => accessRequests.get(s, req.params.id)));
  api.post('/access-requests/:id/extend', { schema: { tags, params: IdParams, body: AccessRequestExtend, response: { 200: AccessRequestSummary } } }, (req) =>
    req.scoped((s) => accessRequests.extend(s, req.params.id, req.body.version, req.body.reason)));
  api.post('/access-requests/:id/person-search', {
    schema: { tags, params: IdParams, body: AccessRequestPersonSearch, response: { 200: z.array(AccessRequestPersonHit) } },
  }, (req) => req.scoped((s) => accessRequests.findPerson(s, req.params.id, req.body)));
  api.post('/access-requests/:id/person', { schema: { tags, params: IdParams, body: AccessRequestLinkPerson, response: { 200: AccessRequestSummary } } }, (req) =>
    req.scoped((s) => accessRequests.linkPerson(s, req.params.id, req.body.version, req.body.personId)));
  api.get('/access-requests/:id/compilation', { schema: { tags, params: IdParams, response: { 200: AccessRequestCompilation } } }, (req) =>
    req.scoped((s) => accessRequests.compilation(s, req.params.id)));
  api.post('/access-requests/:id/exemptions', { schema: { tags, params: IdParams, body: ExemptionInput, response: { 201: Exemption } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => accessRequests.exempt(s, req.params.id, req.body))));
  api.post('/access-requests/:id/transition', { schema: { tags, params: IdParams, body: AccessRequestTransition, response: { 200: AccessRequestSummary } } }, (req) =>
    req.scoped((s) => accessRequests.transition(s, req.params.id, req.body.version, req.body.to)));
  api.get('/access-requests/:id/export.json', { schema: { tags, params: IdParams, response: { 200: AccessRequestExport } } }, async (req, reply) => {
    const data = await req.scoped((s) => accessRequests.export(s, req.params.id));
    return reply.header('content-disposition', 'attachment; filename="indsigt.json"').send(data);
  });
  api.get('/access-requests/:id/export.pdf', { schema: { tags, params: IdParams } }, async (req, reply) => {
    const data = await req.scoped((s) => accessRequests.export(s, req.params.id));
    printer ??= loadPdfPrinter();
    const pdf = await (await printer).printPdf(accessRequestHtml(data), { lang: 'da', year: new Date(data.compiledAt).getUTCFullYear(), footer: 'Indsigt i dine oplysninger' });
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', 'attachment; filename="indsigt.pdf"')
      .header('x-content-type-options', 'nosniff')
      .send(pdf);
  });
}
