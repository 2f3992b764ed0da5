import { z } from 'zod';
import type { Api, RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import { PsychiatryConsultation, PsychiatryConsultationInput } from '../../../shared/environments.ts';
import { psychiatry } from './service.ts';

/** The psychiatry pathway on concerns and cases (docs/domain.md, "The psychiatry pathway"). */
export async function psychiatryRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  for (const kind of ['concern', 'case'] as const) {
    const tags = [`${kind}s`];
    api.get(`/${kind}s/:id/psychiatry-consultations`, { schema: { tags, params: IdParams, response: { 200: z.array(PsychiatryConsultation) } } }, (req) =>
      req.scoped((s) => psychiatry.list(s, kind, req.params.id)));
    api.post(`/${kind}s/:id/psychiatry-consultations`, {
      schema: { tags, params: IdParams, body: PsychiatryConsultationInput, response: { 201: PsychiatryConsultation } },
    }, async (req, reply) => reply.status(201).send(await req.scoped((s) => psychiatry.create(s, kind, req.params.id, req.body))));
  }
}
