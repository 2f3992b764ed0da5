import { z } from 'zod';
import { CaseIdeologyArea, CaseStatus, CaseSummary, PreventionLevel } from './contracts.ts';
import { ConcernStatus, ConcernSummary, Severity } from './intake.ts';

/**
 * Paged lists (docs/architecture.md, "Lists"): keyset pagination with an opaque cursor, a page size with a maximum,
 * and the true total within the actor's reach and filters. A list never stops silently: `hasMore` and `nextCursor`
 * say whether more pages follow.
 */
export const PAGE_SIZE_DEFAULT = 50;
export const PAGE_SIZE_MAX = 200;

/** An opaque cursor: base64url text, as the server gave it (its content is the sort key and id, checked there). */
export const Cursor = z.string().regex(/^[A-Za-z0-9_-]{1,400}$/, 'not a cursor this server issued');
export const PageSize = z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(PAGE_SIZE_DEFAULT);

/**
 * A record number or its end, to find a concern or case by the number staff quote: "101-2026-0042", "2026-0042" or
 * "0042" (matched as the number's ending).
 */
export const RecordNumberFilter = z.string().trim().regex(/^[0-9]{1,4}(-[0-9]{1,4}){0,2}$/, 'a number like 101-2026-0042, or its end like 0042');

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int().min(0), hasMore: z.boolean(), nextCursor: Cursor.nullable() });

/**
 * The concern queue's sort orders. triage: open concerns first, with the soonest triage deadline (overdue) first,
 * then the triaged ones newest first. newest: by receipt, newest first.
 */
export const CONCERN_SORTS = ['triage', 'newest'] as const;
export const ConcernSort = z.enum(CONCERN_SORTS);
export type ConcernSort = z.infer<typeof ConcernSort>;

/** GET /concerns/page: the queue's filters (status, severity, overdue), the sort and the page. */
export const ConcernPageQuery = z.object({
  status: ConcernStatus.optional(),
  severity: Severity.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  number: RecordNumberFilter.optional(),
  sort: ConcernSort.default('triage'),
  limit: PageSize,
  cursor: Cursor.optional(),
});
export type ConcernPageQuery = z.infer<typeof ConcernPageQuery>;
export const ConcernPage = Page(ConcernSummary);
export type ConcernPage = z.infer<typeof ConcernPage>;

/** The case list's sort orders: last changed first (the default), or newest opened first. */
export const CASE_SORTS = ['updated', 'newest'] as const;
export const CaseSort = z.enum(CASE_SORTS);
export type CaseSort = z.infer<typeof CaseSort>;

/**
 * GET /cases/page: "Mine sager" (mine=true: the actor owns the case or is on it), the owner, status, prevention level,
 * ideology area, the person's district and overdue (an open task of the case past its deadline), the sort and the page.
 */
export const CasePageQuery = z.object({
  mine: z.enum(['true', 'false']).optional(),
  ownerId: z.uuid().optional(),
  status: CaseStatus.optional(),
  level: PreventionLevel.optional(),
  ideology: CaseIdeologyArea.optional(),
  /** The person's district (persons.district) as the unit names it: an area, not a person, so it may stand in a URL. */
  district: z.string().trim().min(1, 'must not be empty').max(100).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  number: RecordNumberFilter.optional(),
  sort: CaseSort.default('updated'),
  limit: PageSize,
  cursor: Cursor.optional(),
});
export type CasePageQuery = z.infer<typeof CasePageQuery>;
export const CasePage = Page(CaseSummary);
export type CasePage = z.infer<typeof CasePage>;
