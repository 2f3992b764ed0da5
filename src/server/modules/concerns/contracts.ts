import { z } from 'zod';
import { ConcernQuery } from '../../../shared/intake.ts';

/**
 * GET /concerns query: the queue's filters (status, overdue) plus the case page's: caseId (concerns linked to the case
 * or about its person) and personId (concerns about the person). Ids only, never names, so the list stays a GET.
 */
export const ConcernListQuery = ConcernQuery.extend({ caseId: z.uuid().optional(), personId: z.uuid().optional() }).refine(
  (q) => q.caseId !== undefined || q.personId !== undefined,
  // The concerns of one case or person are few, so this list has no cap; the queue is GET /concerns/page (paged,
  // with a true total), never a silently capped list (issue 12, item 2).
  { path: ['caseId'], message: 'is required (or personId): the queue is GET /concerns/page' },
);
export type ConcernListQuery = z.infer<typeof ConcernListQuery>;
