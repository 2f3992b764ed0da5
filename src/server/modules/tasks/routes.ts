import { z } from 'zod';
import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/route-types.ts';
import { Task, TaskDelegateInput, TaskQuery } from '../../../shared/support.ts';
import { tasks } from './service.ts';

const IdParams = z.object({ id: z.uuid() });

/** The signed-in user's task list, derived from the deadline rules (src/shared/rules.ts), and delegation. */
export async function tasksRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  api.get('/tasks/mine', { schema: { tags: ['tasks'], querystring: TaskQuery, response: { 200: z.array(Task) } } }, (req) =>
    req.scoped((s) => tasks.mine(s, req.query)));
  api.post('/tasks/:id/delegate', { schema: { tags: ['tasks'], params: IdParams, body: TaskDelegateInput, response: { 204: z.null() } } }, async (req, reply) => {
    await req.scoped((s) => tasks.delegate(s, req.params.id, req.body.userId));
    return reply.code(204).send(null);
  });
}
