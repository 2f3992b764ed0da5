import { z } from 'zod';
import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/route-types.ts';
import { DirectoryEntry, DirectoryQuery } from './contracts.ts';
import { directory } from './service.ts';

/** The staff directory for choosing colleagues (owners, mentors, police, partners, audit-log actors). */
export async function directoryRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  api.get('/directory', { schema: { tags: ['directory'], querystring: DirectoryQuery, response: { 200: z.array(DirectoryEntry) } } }, (req) =>
    req.scoped((s) => directory.list(s, req.query)));
}
