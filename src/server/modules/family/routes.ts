import { z } from 'zod';
import type { Api, RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import { PersonLink, PersonLinkInput } from '../../../shared/family.ts';
import { family } from './service.ts';

/** Links between persons: family and associates (docs/domain.md, "Family and relationships"). */
export async function familyRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['persons'];
  api.get('/persons/:id/links', { schema: { tags, params: IdParams, response: { 200: z.array(PersonLink) } } }, (req) =>
    req.scoped((s) => family.list(s, req.params.id)));
  api.post('/persons/:id/links', { schema: { tags, params: IdParams, body: PersonLinkInput, response: { 201: PersonLink } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => family.create(s, req.params.id, req.body))));
}
