import { z } from 'zod';
import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/route-types.ts';
import { IdParams, Unit, User, UserInput, UserPatch } from '../../../shared/contracts.ts';
import { users } from './service.ts';
import { unitRepo } from './repo.ts';

export async function userRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['administration'];
  api.get('/users', { schema: { tags, response: { 200: z.array(User) } } }, (req) => req.scoped((s) => users.list(s)));
  api.post('/users', { schema: { tags, body: UserInput, response: { 201: User } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => users.create(s, req.body))));
  api.get('/users/:id', { schema: { tags, params: IdParams, response: { 200: User } } }, (req) =>
    req.scoped((s) => users.get(s, req.params.id)));
  api.patch('/users/:id', { schema: { tags, params: IdParams, body: UserPatch, response: { 200: User } } }, (req) =>
    req.scoped((s) => users.update(s, req.params.id, req.body)));
  api.post('/users/:id/disable', { schema: { tags, params: IdParams, body: z.object({}).optional(), response: { 200: User } } }, (req) =>
    req.scoped((s) => users.disable(s, req.params.id)));
  api.post('/users/:id/reset-second-factor', { schema: { tags, params: IdParams, body: z.object({}).optional(), response: { 200: User } } }, (req) =>
    req.scoped((s) => users.resetSecondFactor(s, req.params.id)));
  api.get('/units', { schema: { tags, response: { 200: z.array(Unit) } } }, (req) => req.scoped((s) => unitRepo(s).list()));
}
