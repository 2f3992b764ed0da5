import { z } from 'zod';
import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/app.ts';
import { IdParams, Person, PersonInput, PersonPatch, PersonSearch } from '../../../shared/contracts.ts';
import { persons } from './service.ts';

export async function personRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['persons'];
  api.post('/persons', { schema: { tags, body: PersonInput, response: { 201: Person } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => persons.create(s, req.body))));
  // Search is a POST so names and CPR numbers never appear in URLs, logs or browser history.
  api.post('/persons/search', { schema: { tags, body: PersonSearch, response: { 200: z.array(Person) } } }, (req) =>
    req.scoped((s) => persons.search(s, req.body.q)));
  api.get('/persons/:id', { schema: { tags, params: IdParams, response: { 200: Person } } }, (req) =>
    req.scoped((s) => persons.get(s, req.params.id)));
  api.patch('/persons/:id', { schema: { tags, params: IdParams, body: PersonPatch, response: { 200: Person } } }, (req) =>
    req.scoped((s) => persons.update(s, req.params.id, req.body)));
}
