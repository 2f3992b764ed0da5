import { z } from 'zod';
import type { Api, RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import { SupervisionInput, SupervisionSession } from '../../../shared/supervision.ts';
import { supervision } from './service.ts';

/** Supervision sessions given to a case's resource person or SSP member (docs/domain.md, "Resource persons and SSP"). */
export async function supervisionRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['cases'];
  api.get('/cases/:id/supervision-sessions', { schema: { tags, params: IdParams, response: { 200: z.array(SupervisionSession) } } }, (req) =>
    req.scoped((s) => supervision.list(s, req.params.id)));
  api.post('/cases/:id/supervision-sessions', { schema: { tags, params: IdParams, body: SupervisionInput, response: { 201: SupervisionSession } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => supervision.create(s, req.params.id, req.body))));
}
