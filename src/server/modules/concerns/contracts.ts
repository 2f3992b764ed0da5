import { z } from 'zod';
import { ConcernQuery } from '../../../shared/intake.ts';

/**
 * GET /concerns query: the queue's filters (status, overdue) plus the case page's: caseId (concerns linked to the case
 * or about its person) and personId (concerns about the person). Ids only, never names, so the list stays a GET.
 */
export const ConcernListQuery = ConcernQuery.extend({ caseId: z.uuid().optional(), personId: z.uuid().optional() });
export type ConcernListQuery = z.infer<typeof ConcernListQuery>;
