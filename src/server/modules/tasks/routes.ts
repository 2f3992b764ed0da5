import { z } from 'zod';
import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/route-types.ts';
import { Task } from '../../../shared/support.ts';
import { tasks } from './service.ts';

/** The signed-in user's task list, derived from the deadline rules (src/shared/rules.ts). */
export async function tasksRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  api.get('/tasks/mine', { schema: { tags: ['tasks'], response: { 200: z.array(Task) } } }, (req) => req.scoped((s) => tasks.mine(s)));
}
