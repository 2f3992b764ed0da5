import type { z } from 'zod';
import { CasePageQuery, ConcernPageQuery } from './lists.ts';

/**
 * Exports of a list to Excel (docs/architecture.md, "Exports of a list"): the concern queue and the case list with the
 * filters and sort the user has chosen, every page at once, under the same reach as the list. An export is never cut
 * silently: it holds at most LIST_EXPORT_MAX_ROWS rows (the server's setting, this by default), and the sheet states
 * the ceiling, the true total and how many rows it holds.
 */
export const LIST_EXPORT_MAX_ROWS_DEFAULT = 5_000;

/** GET /concerns/export.xlsx: the queue's filters and sort, no page. */
export const ConcernExportQuery = ConcernPageQuery.omit({ limit: true, cursor: true });
export type ConcernExportQuery = z.infer<typeof ConcernExportQuery>;

/** GET /cases/export.xlsx: the case list's filters and sort, no page. */
export const CaseExportQuery = CasePageQuery.omit({ limit: true, cursor: true });
export type CaseExportQuery = z.infer<typeof CaseExportQuery>;

/** The response headers that tell the web app what an export holds (no personal data: counts only). */
export const EXPORT_ROWS_HEADER = 'x-vink-export-rows';
export const EXPORT_TOTAL_HEADER = 'x-vink-export-total';
