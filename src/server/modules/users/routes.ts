import { z } from 'zod';
import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/route-types.ts';
import {
  IdParams, RoleGrant, RoleGrantDecision, RoleGrantQuery, Unit, User, UserInput, UserPatch, UserWithCode, Version,
} from '../../../shared/contracts.ts';
import { roleGrants, users } from './service.ts';
import { unitRepo } from './repo.ts';

export async function userRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  const tags = ['administration'];
  api.get('/users', { schema: { tags, response: { 200: z.array(User) } } }, (req) => req.scoped((s) => users.list(s)));
  api.post('/users', { schema: { tags, body: UserInput, response: { 201: UserWithCode } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => users.create(s, req.body))));
  api.get('/users/:id', { schema: { tags, params: IdParams, response: { 200: User } } }, (req) =>
    req.scoped((s) => users.get(s, req.params.id)));
  api.patch('/users/:id', { schema: { tags, params: IdParams, body: UserPatch, response: { 200: User } } }, (req) =>
    req.scoped((s) => users.update(s, req.params.id, req.body)));
  api.post('/users/:id/disable', { schema: { tags, params: IdParams, body: z.object({}).optional(), response: { 200: User } } }, (req) =>
    req.scoped((s) => users.disable(s, req.params.id)));
  api.post('/users/:id/reset-second-factor', { schema: { tags, params: IdParams, body: z.object({}).optional(), response: { 200: UserWithCode } } }, (req) =>
    req.scoped((s) => users.resetSecondFactor(s, req.params.id)));
  // Four eyes on roles that read case content: administrators ask, managers and the DPO decide.
  api.get('/role-grants', { schema: { tags, querystring: RoleGrantQuery, response: { 200: z.array(RoleGrant) } } }, (req) =>
    req.scoped((s) => roleGrants.list(s, req.query.status)));
  api.get('/role-grants/open-count', { schema: { tags, response: { 200: z.object({ count: z.number().int() }) } } }, (req) =>
    req.scoped(async (s) => ({ count: await roleGrants.countOpen(s) })));
  api.post('/role-grants/:id/approve', { schema: { tags, params: IdParams, body: RoleGrantDecision, response: { 200: RoleGrant } } }, (req) =>
    req.scoped((s) => roleGrants.approve(s, req.params.id, req.body.version, req.body.note)));
  api.post('/role-grants/:id/reject', { schema: { tags, params: IdParams, body: RoleGrantDecision, response: { 200: RoleGrant } } }, (req) =>
    req.scoped((s) => roleGrants.reject(s, req.params.id, req.body.version, req.body.note)));
  api.post('/role-grants/:id/withdraw', { schema: { tags, params: IdParams, body: z.object({ version: Version }), response: { 200: RoleGrant } } }, (req) =>
    req.scoped((s) => roleGrants.withdraw(s, req.params.id, req.body.version)));
  api.get('/units', { schema: { tags, response: { 200: z.array(Unit) } } }, (req) => req.scoped((s) => unitRepo(s).list()));
}
