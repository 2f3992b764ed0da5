import { z } from 'zod';
import type { Api, RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import { ItemDecisionInput, ItemParams, Meeting, MeetingInput, MeetingItem, MeetingSummary, MinutesInput } from '../../../shared/meetings.ts';
import { meetings } from './service.ts';
import { loadPdfPrinter } from '../reports/index.ts';
import { minutesFooter, minutesHtml } from './minutes.ts';

/**
 * Infohus meetings (docs/domain.md, "The Infohus meeting"): the calendar, planning with participants from the
 * directory, the agenda, decisions in one sitting, and the minutes as a tagged PDF per recipient organisation. The
 * minutes are asked for with POST (the organisation in the body, never in the URL) and printed after the transaction.
 */
export async function meetingsRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['meetings'];
  // The shared Chromium printer (modules/reports/index.ts), leased on the first minutes printed and released on close.
  let printer: ReturnType<typeof loadPdfPrinter> | null = null;
  api.addHook('onClose', async () => {
    if (printer) await (await printer.catch(() => null))?.release();
  });
  api.get('/meetings', { schema: { tags, response: { 200: z.array(MeetingSummary) } } }, (req) => req.scoped((s) => meetings.list(s)));
  api.post('/meetings', { schema: { tags, body: MeetingInput, response: { 201: Meeting } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => meetings.create(s, req.body))));
  api.get('/meetings/:id', { schema: { tags, params: IdParams, response: { 200: Meeting } } }, (req) => req.scoped((s) => meetings.get(s, req.params.id)));
  api.post('/meetings/:id/items/:itemId/decision', { schema: { tags, params: ItemParams, body: ItemDecisionInput, response: { 200: MeetingItem } } }, (req) =>
    req.scoped((s) => meetings.decide(s, req.params.id, req.params.itemId, req.body)));
  api.post('/meetings/:id/minutes', { schema: { tags, params: IdParams, body: MinutesInput } }, async (req, reply) => {
    const data = await req.scoped((s) => meetings.minutes(s, req.params.id, req.body));
    const lang = req.body.lang ?? 'da';
    printer ??= loadPdfPrinter();
    const pdf = await (await printer).printPdf(minutesHtml(data.meeting, data.participants, data.items, data.organisation, lang), {
      lang, year: Number(data.meeting.meeting_on.slice(0, 4)), footer: minutesFooter(lang),
    });
    return reply.header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="infohus-referat-${data.meeting.meeting_on}.pdf"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(pdf);
  });
}
