import { z } from 'zod';
import type { Api, RouteDeps } from '../../http/route-types.ts';
import { IdParams, IsoDate } from '../../../shared/contracts.ts';
import { supervision } from './service.ts';

export const SupervisionInput = z.object({
  memberId: z.uuid(),
  heldOn: IsoDate,
  durationMinutes: z.number().int().min(5).max(600),
  topic: z.string().trim().min(1).max(500),
});
export const SupervisionSession = z.object({
  id: z.uuid(), caseId: z.uuid(), member: z.object({ id: z.uuid(), displayName: z.string() }), relation: z.enum(['resource_person', 'ssp']).nullable(),
  heldOn: z.string(), durationMinutes: z.number().int(), topic: z.string(), recordedBy: z.uuid(), recordedAt: z.string(),
});

/** Supervision sessions given to a case's resource person or SSP member (docs/domain.md, "Resource persons and SSP"). */
export async function supervisionRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['cases'];
  api.get('/cases/:id/supervision-sessions', { schema: { tags, params: IdParams, response: { 200: z.array(SupervisionSession) } } }, (req) =>
    req.scoped((s) => supervision.list(s, req.params.id)));
  api.post('/cases/:id/supervision-sessions', { schema: { tags, params: IdParams, body: SupervisionInput, response: { 201: SupervisionSession } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => supervision.create(s, req.params.id, req.body))));
}
