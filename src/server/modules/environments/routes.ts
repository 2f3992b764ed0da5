import { z } from 'zod';
import type { Api, RouteDeps } from '../../http/route-types.ts';
import { IdParams } from '../../../shared/contracts.ts';
import {
  ActivityLink, ActivityLinkInput, ConcernEnvironment, ConcernEnvironmentInput, Environment, EnvironmentInput, EnvironmentPatch, Network,
  NetworkInput, NetworkPatch, NetworkQuery,
} from '../../../shared/environments.ts';
import { environments, networks } from './service.ts';

/**
 * Risk environments and networks (docs/domain.md, "Risk environments and networks"): two registers without personal
 * data, the link of an activity to where it was held, and the environment a concern came from.
 */
export async function environmentsRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  let tags = ['environments'];
  api.post('/environments', { schema: { tags, body: EnvironmentInput, response: { 201: Environment } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => environments.create(s, req.body))));
  api.get('/environments', { schema: { tags, response: { 200: z.array(Environment) } } }, (req) => req.scoped((s) => environments.list(s)));
  api.get('/environments/:id', { schema: { tags, params: IdParams, response: { 200: Environment } } }, (req) =>
    req.scoped((s) => environments.get(s, req.params.id)));
  api.patch('/environments/:id', { schema: { tags, params: IdParams, body: EnvironmentPatch, response: { 200: Environment } } }, (req) =>
    req.scoped((s) => environments.update(s, req.params.id, req.body)));
  api.put('/concerns/:id/environment', { schema: { tags, params: IdParams, body: ConcernEnvironmentInput, response: { 200: ConcernEnvironment } } }, (req) =>
    req.scoped((s) => environments.setConcernEnvironment(s, req.params.id, req.body.environmentId)));
  api.put('/activities/:id/links', { schema: { tags, params: IdParams, body: ActivityLinkInput, response: { 200: ActivityLink } } }, (req) =>
    req.scoped((s) => environments.setActivityLink(s, req.params.id, req.body)));

  tags = ['networks'];
  api.post('/networks', { schema: { tags, body: NetworkInput, response: { 201: Network } } }, async (req, reply) =>
    reply.status(201).send(await req.scoped((s) => networks.create(s, req.body))));
  api.get('/networks', { schema: { tags, querystring: NetworkQuery, response: { 200: z.array(Network) } } }, (req) =>
    req.scoped((s) => networks.list(s, req.query.kind)));
  api.patch('/networks/:id', { schema: { tags, params: IdParams, body: NetworkPatch, response: { 200: Network } } }, (req) =>
    req.scoped((s) => networks.update(s, req.params.id, req.body)));
}
