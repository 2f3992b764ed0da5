import { expect } from 'vitest';
import type { Client, Response } from './harness.ts';

/**
 * Closes a case the only way there is (docs/domain.md, "Closing a case"): requester asks with a reason, manager
 * approves. Answers the manager's decision response; the case is then closed with the request's reason.
 */
export async function closeWithApproval(requester: Client, manager: Client, caseId: string, reason: string, note = 'Godkendt.'): Promise<Response> {
  const asked = await requester.post(`/api/v1/cases/${caseId}/closure-requests`, { reason });
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);
  const decided = await manager.post(`/api/v1/closure-requests/${asked.body.id}/decision`, { decision: 'approved', note, version: asked.body.version });
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  return decided;
}
