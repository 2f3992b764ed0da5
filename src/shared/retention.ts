import { z } from 'zod';

/**
 * The retention schedule, its receipts and the upcoming deletions (docs/retention.md): contracts shared by the server
 * and the DPO's page. None of these shapes holds personal data: classes are the schedule, receipts and upcoming
 * deletions are counts per record type.
 */
export const RETENTION_ACTIONS = ['delete', 'anonymise', 'drop_partitions'] as const;
export const RetentionAction = z.enum(RETENTION_ACTIONS);

export const ClassKey = z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, 'a class key: lower-case letters, digits and _');

export const RetentionClass = z.object({
  key: z.string(),
  description: z.string(),
  startsAtEvent: z.string(),
  periodMonths: z.number().int(),
  action: RetentionAction,
  basis: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});

/** The DPO's change of a class's period; the version read before, so a stale change answers 409. */
export const RetentionPeriodChange = z.object({
  periodMonths: z.number().int().min(1, 'at least 1 month').max(1200, 'at most 1200 months (100 years)'),
  version: z.number().int().min(1),
});

/** Counts per record type ("case": 3, "case_note": 12 …): never an id, a name or any text about a person. */
export const RecordCounts = z.record(z.string(), z.number().int().min(0));

export const RetentionReceipt = z.object({
  id: z.string().uuid(),
  ranAt: z.string(),
  classKey: z.string(),
  rule: z.string(),
  cutoff: z.string(),
  counts: RecordCounts,
  heldBack: z.number().int(),
});

export const UpcomingClass = z.object({
  classKey: z.string(),
  action: RetentionAction,
  periodMonths: z.number().int(),
  /** Records past their period by the end of the horizon (due now or within it). */
  cutoff: z.string(),
  due: RecordCounts,
  /** Records that a legal hold will hold back. */
  held: z.number().int(),
});

export const Upcoming = z.object({
  horizonDays: z.number().int(),
  classes: z.array(UpcomingClass),
});

export const ReceiptsQuery = z.object({
  limit: z.coerce.number().int().min(1, 'at least 1').max(500, 'at most 500').default(100),
});
