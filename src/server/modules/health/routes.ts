import { z } from 'zod';
import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/route-types.ts';
import { errors, isDatabaseUnavailable } from '../../platform/errors.ts';

/** Liveness and readiness for load balancers: 200 when the database answers, 503 when it does not. */
export async function healthRoutes(api: Api, { ctx }: RouteDeps): Promise<void> {
  api.get('/health', {
    config: { public: true },
    schema: { tags: ['system'], response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }) } },
  }, async () => {
    try {
      await ctx.db.ping();
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw errors.unavailable('The database cannot be reached.');
      throw err;
    }
    return { status: 'ok' as const, database: ctx.db.kind };
  });
}
