import { z } from 'zod';
import type { Api } from '../../http/route-types.ts';
import type { RouteDeps } from '../../http/route-types.ts';
import { AuditQuery, AuditRow, AuditVerification } from '../../../shared/contracts.ts';
import { auditLog } from './service.ts';

export async function auditRoutes(api: Api, { ctx }: RouteDeps): Promise<void> {
  const tags = ['audit'];
  api.get('/audit', { schema: { tags, querystring: AuditQuery, response: { 200: z.array(AuditRow) } } }, (req) =>
    req.scoped((s) => auditLog.search(s, req.query)));
  api.get('/audit/verify', { schema: { tags, response: { 200: AuditVerification } } }, async (req) => {
    await req.scoped((s) => auditLog.authoriseVerify(s));
    return auditLog.verifyChain(ctx);
  });
}
