import { z } from 'zod';
import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/route-types.ts';
import { IdParams, PersonPatch, PersonSearch } from '../../../shared/contracts.ts';
import { CprRevealed, PersonCreate, PersonMatch, PersonMatchInput, PersonSearchResult, PersonView } from '../../../shared/intake.ts';
import { persons } from './service.ts';

export async function personRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['persons'];
  api.post('/persons', { schema: { tags, body: PersonCreate, response: { 201: PersonView } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => persons.create(s, req.body))));
  // Search is a POST so names and CPR numbers never appear in URLs, logs or browser history.
  api.post('/persons/search', { schema: { tags, body: PersonSearch, response: { 200: PersonSearchResult } } }, (req) =>
    req.scoped((s) => persons.search(s, req.body)));
  // Duplicate detection before a concern registers a new person; a POST for the same reason.
  api.post('/persons/matches', { schema: { tags, body: PersonMatchInput, response: { 200: z.array(PersonMatch) } } }, (req) =>
    req.scoped((s) => persons.match(s, req.body)));
  api.get('/persons/:id', { schema: { tags, params: IdParams, response: { 200: PersonView } } }, (req) =>
    req.scoped((s) => persons.get(s, req.params.id)));
  api.patch('/persons/:id', { schema: { tags, params: IdParams, body: PersonPatch, response: { 200: PersonView } } }, (req) =>
    req.scoped((s) => persons.update(s, req.params.id, req.body)));
  api.post('/persons/:id/cpr/reveal', { schema: { tags, params: IdParams, response: { 200: CprRevealed } } }, (req) =>
    req.scoped((s) => persons.revealCpr(s, req.params.id)));
}
