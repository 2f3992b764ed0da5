import { z } from 'zod';
import { IsoDate } from './contracts.ts';
import { Comparison, IndicatorUnit, MeasureCodeSchema } from './indicators.ts';

/**
 * Contracts of action plans (handleplaner), their computed indicators and budgets, the caseload statistics and the
 * yearly report's data (docs/domain.md, "Action plans, targets and budget"). Amounts are Danish kroner; shares are
 * percentages 0-100.
 */

const Year = z.number().int().min(2000).max(2100);
const Name = z.string().trim().min(1).max(200);
const Dkk = z.number().min(0).max(999_999_999_999).multipleOf(0.01);

// --- plans ---------------------------------------------------------------------------------------------------------
/** A plan is a draft until a committee approves it; an approved plan may be reopened as a draft (workflow as data). */
export const PlanStatus = z.enum(['draft', 'approved']);
export type PlanStatus = z.infer<typeof PlanStatus>;
export const PLAN_STATUS_TRANSITIONS: Record<PlanStatus, readonly PlanStatus[]> = { draft: ['approved'], approved: ['draft'] };

/** A track (spor) or a target group (målgruppe), each with its purpose or effect text. */
export const TrackKind = z.enum(['track', 'target_group']);
export const TrackInput = z.object({
  name: Name,
  kind: TrackKind.default('track'),
  purpose: z.string().trim().min(1).max(2000).optional(),
});
export type TrackInput = z.infer<typeof TrackInput>;

export const PlanInput = z.object({
  name: Name,
  firstYear: Year,
  lastYear: Year,
  tracks: z.array(TrackInput).max(20).default([]),
});
export type PlanInput = z.infer<typeof PlanInput>;

/** A change to a plan: any of its fields, with the version it was read at (409 when stale). */
export const PlanUpdate = z.object({
  version: z.number().int().min(1),
  name: Name.optional(),
  firstYear: Year.optional(),
  lastYear: Year.optional(),
  status: PlanStatus.optional(),
  committee: z.string().trim().min(1).max(200).nullable().optional(),
  approvedOn: IsoDate.nullable().optional(),
});
export type PlanUpdate = z.infer<typeof PlanUpdate>;

export const PlanTrack = z.object({
  id: z.uuid(), position: z.number().int(), name: z.string(), kind: TrackKind, purpose: z.string().nullable(),
});
export const Target = z.object({ year: Year, comparison: Comparison, target: z.number().min(0).max(1_000_000_000) });
export type Target = z.infer<typeof Target>;

export const IndicatorInput = z.object({
  /** A code from the catalogue (src/shared/indicators.ts); anything else is refused with 400. */
  measure: z.string().min(1).max(60),
  params: z.record(z.string(), z.unknown()).default({}),
  labelDa: Name,
  labelEn: Name.optional(),
  trackId: z.uuid().optional(),
  targets: z.array(Target).max(20).default([]),
});
export type IndicatorInput = z.infer<typeof IndicatorInput>;

export const PlanIndicator = z.object({
  id: z.uuid(),
  position: z.number().int(),
  trackId: z.uuid().nullable(),
  measure: MeasureCodeSchema,
  params: z.record(z.string(), z.unknown()),
  labelDa: z.string(),
  labelEn: z.string().nullable(),
  unit: IndicatorUnit,
  targets: z.array(Target),
});

/** A budget line is money, or staffing: "3 årsværk (1,8 mio. kr.)" is a staffing line with fte 3 and 1.8 M DKK. */
export const BudgetLineKind = z.enum(['money', 'staffing']);
export const BudgetLineInput = z.object({
  trackId: z.uuid().optional(),
  year: Year,
  fundingSource: Name,
  amountDkk: Dkk,
  label: z.string().trim().min(1).max(200).optional(),
  kind: BudgetLineKind.default('money'),
  /** Full-time equivalents (årsværk): required for a staffing line, refused on a money line. */
  fte: z.number().gt(0).max(1000).multipleOf(0.01).optional(),
});
export type BudgetLineInput = z.infer<typeof BudgetLineInput>;
export const BudgetLine = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  trackId: z.uuid().nullable(),
  year: z.number().int(),
  fundingSource: z.string(),
  amountDkk: z.number(),
  label: z.string().nullable(),
  spentDkk: z.number(),
  kind: BudgetLineKind,
  fte: z.number().nullable(),
});

export const SpendingInput = z.object({
  spentOn: IsoDate,
  /** Negative for a refund or correction; never 0. */
  amountDkk: z.number().min(-999_999_999_999).max(999_999_999_999).multipleOf(0.01).refine((n) => n !== 0, 'must not be 0'),
  description: z.string().trim().min(1).max(500),
});
export const SpendingEntry = z.object({
  id: z.uuid(),
  budgetLineId: z.uuid(),
  spentOn: z.string(),
  amountDkk: z.number(),
  description: z.string(),
  createdAt: z.string(),
});

export const PlanSummary = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  name: z.string(),
  firstYear: z.number().int(),
  lastYear: z.number().int(),
  referenceKey: z.string().nullable(),
  version: z.number().int(),
  status: PlanStatus,
  committee: z.string().nullable(),
  approvedOn: z.string().nullable(),
});
export const PlanDetail = PlanSummary.extend({
  tracks: z.array(PlanTrack),
  indicators: z.array(PlanIndicator),
  budgetLines: z.array(BudgetLine),
});

// --- milestone decisions ----------------------------------------------------------------------------------------------
/** A milestone is met by a recorded decision: its date, who approved it (a body or office holder) and the document. */
export const MilestoneDecisionInput = z.object({
  milestoneKey: z.string().regex(/^[a-z_]{2,60}$/, 'must be lower-case letters and _'),
  decidedOn: IsoDate,
  approvedBy: z.string().trim().min(1).max(200),
  documentRef: z.string().trim().min(1).max(500),
});
export type MilestoneDecisionInput = z.infer<typeof MilestoneDecisionInput>;
export const MilestoneDecision = MilestoneDecisionInput.extend({ id: z.uuid(), planId: z.uuid(), createdAt: z.string() });

// --- the yearly report's texts ---------------------------------------------------------------------------------------
/** The committees a yearly report goes to (the addressee is free text; these are offered first). */
export const REPORT_ADDRESSEES = ['Beskæftigelses- og Integrationsudvalget', 'Økonomiudvalget'] as const;
export const ReportTextsParams = z.object({ id: z.uuid(), year: z.coerce.number().int().min(2000).max(2100) });
export const ReportTextsInput = z.object({
  /** The version the texts were read at: 0 when there were none yet (409 when stale). */
  version: z.number().int().min(0),
  addressee: z.string().trim().min(1).max(300),
  foreword: z.string().trim().max(10_000).optional(),
  comments: z.array(z.object({ indicatorId: z.uuid(), text: z.string().trim().max(5000) })).max(200).default([]),
});
export type ReportTextsInput = z.infer<typeof ReportTextsInput>;
export const ReportTexts = z.object({
  planId: z.uuid(),
  year: z.number().int(),
  /** 0 when nothing was saved yet. */
  version: z.number().int(),
  addressee: z.string().nullable(),
  foreword: z.string().nullable(),
  comments: z.array(z.object({ indicatorId: z.uuid(), text: z.string() })),
  savedAt: z.string().nullable(),
  /** Every saved version, newest first. */
  history: z.array(z.object({ version: z.number().int(), savedAt: z.string() })),
});
export type ReportTexts = z.infer<typeof ReportTexts>;

// --- dashboard -------------------------------------------------------------------------------------------------------
/** suppressed: the figure is withheld from this actor (small counts), so whether it met its target is too. */
export const TargetStatus = z.enum(['met', 'not_met', 'no_data', 'no_target', 'suppressed']);
export type TargetStatus = z.infer<typeof TargetStatus>;

/** One computed figure. For analysts, figures from case records with a count under 5 are null and `suppressed`. */
export const Figure = z.object({
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  suppressed: z.boolean(),
});
export type Figure = z.infer<typeof Figure>;

export const DashboardIndicator = z.object({
  indicatorId: z.uuid(),
  trackId: z.uuid().nullable(),
  measure: MeasureCodeSchema,
  labelDa: z.string(),
  labelEn: z.string().nullable(),
  unit: IndicatorUnit,
  /** How the figure is counted, in one line (the catalogue's howDa / howEn, src/shared/indicators.ts). */
  howDa: z.string(),
  howEn: z.string(),
  target: Target.nullable(),
  actual: Figure,
  status: TargetStatus,
  /** Plan years, and up to 3 years before the plan where there was recorded work. */
  trend: z.array(Figure.extend({ year: z.number().int(), target: z.number().nullable(), status: TargetStatus })),
});

export const BudgetRow = z.object({
  trackId: z.uuid().nullable(),
  trackName: z.string().nullable(),
  year: z.number().int(),
  fundingSource: z.string(),
  budgetDkk: z.number(),
  spentDkk: z.number(),
});
export const Dashboard = z.object({
  planId: z.uuid(),
  name: z.string(),
  year: z.number().int(),
  firstYear: z.number().int(),
  lastYear: z.number().int(),
  /** False when small counts were suppressed (analysts). */
  exactCounts: z.boolean(),
  indicators: z.array(DashboardIndicator),
  budget: z.object({
    rows: z.array(BudgetRow),
    total: z.object({ budgetDkk: z.number(), spentDkk: z.number() }),
  }),
});
export const DashboardQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

export const IndicatorRecordsParams = z.object({ id: z.uuid(), indicatorId: z.uuid() });
export const IndicatorRecordsQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
/** A record behind a figure: ids and minimal, non-sensitive fields (no names, no free text). */
export const IndicatorRecord = z.object({
  recordType: z.enum(['offer', 'concern', 'course', 'follow_up', 'case', 'activity', 'survey_answer', 'forum_member', 'milestone_decision',
    'psychiatry_consultation']),
  id: z.uuid(),
  caseId: z.uuid().nullable(),
  date: z.string().nullable(),
  /** A code describing the record's outcome (accepted, declined, in_time, late, improved, education ...). */
  outcome: z.string().nullable(),
  /** True when the record counts in the numerator (or in the count, for count measures). */
  counted: z.boolean(),
});
export const IndicatorRecords = z.object({
  indicatorId: z.uuid(),
  measure: MeasureCodeSchema,
  year: z.number().int(),
  figure: Figure,
  records: z.array(IndicatorRecord),
});

// --- caseload statistics -----------------------------------------------------------------------------------------------
export const CaseloadGroupBy = z.enum(['year', 'ideology', 'ageBand', 'gender', 'channel', 'district']);
export type CaseloadGroupBy = z.infer<typeof CaseloadGroupBy>;
export const CaseloadInput = z.object({ from: IsoDate, to: IsoDate, groupBy: CaseloadGroupBy });
export type CaseloadInput = z.infer<typeof CaseloadInput>;

/** The funnel of public statistics: calls → concerns → justified → offered → accepted, and courses started. */
export const CASELOAD_COUNTS = ['calls', 'concerns', 'justified', 'offered', 'accepted', 'coursesStarted'] as const;
export type CaseloadCount = (typeof CASELOAD_COUNTS)[number];
export const CaseloadRow = z.object({
  group: z.string(),
  calls: z.number().int().nullable(),
  concerns: z.number().int().nullable(),
  justified: z.number().int().nullable(),
  /** justified / concerns in percent; null when concerns is 0 or either count is suppressed. */
  justifiedShare: z.number().nullable(),
  offered: z.number().int().nullable(),
  accepted: z.number().int().nullable(),
  coursesStarted: z.number().int().nullable(),
  suppressed: z.boolean(),
  /** Which counts were suppressed in this row. */
  suppressedCells: z.array(z.enum(CASELOAD_COUNTS)),
});
export type CaseloadRow = z.infer<typeof CaseloadRow>;
export const CaseloadTable = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: CaseloadGroupBy,
  /** False for analysts: counts under 5 (and complementary cells) are null. */
  exactCounts: z.boolean(),
  /** Calls are anonymous; they are broken down only by year and ideology, otherwise counted in the total only. */
  callsByGroup: z.boolean(),
  rows: z.array(CaseloadRow),
  total: CaseloadRow,
});
export type CaseloadTable = z.infer<typeof CaseloadTable>;

// --- the yearly report's data (built by plans, rendered by the reports module) -------------------------------------------
export const YearReportIndicator = z.object({
  indicatorId: z.uuid(),
  trackName: z.string().nullable(),
  measure: MeasureCodeSchema,
  /** Danish label (the report is to a Danish committee); labelEn when given. */
  label: z.string(),
  labelEn: z.string().nullable(),
  unit: IndicatorUnit,
  target: z.number().nullable(),
  comparison: Comparison.nullable(),
  actual: z.number().nullable(),
  /** true met, false not met, null no data or no target (see status). */
  met: z.boolean().nullable(),
  status: TargetStatus,
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  suppressed: z.boolean(),
  /** The unit's comment on this target for the committee (required where the target was missed). */
  comment: z.string().nullable().default(null),
  /** How the figure is counted, in one line (src/shared/indicators.ts). */
  howDa: z.string().default(''),
});
export const BudgetTotal = z.object({ budgetDkk: z.number(), spentDkk: z.number() });
export const YearReport = z.object({
  planId: z.uuid(),
  planName: z.string(),
  year: z.number().int(),
  firstYear: z.number().int(),
  lastYear: z.number().int(),
  generatedAt: z.string(),
  /** The committee the report goes to, the foreword and the version of the texts (null before any were written). */
  texts: z.object({ addressee: z.string(), foreword: z.string().nullable(), version: z.number().int() }).nullable().default(null),
  /** False when built for an analyst: small counts are suppressed throughout. */
  exactCounts: z.boolean(),
  indicators: z.array(YearReportIndicator),
  caseload: z.object({
    /** The whole year, one row. */
    total: CaseloadRow,
    byIdeology: CaseloadTable,
    byAgeBand: CaseloadTable,
    byGender: CaseloadTable,
    byChannel: CaseloadTable,
  }),
  budget: z.object({
    byTrack: z.array(BudgetTotal.extend({ trackId: z.uuid().nullable(), trackName: z.string().nullable() })),
    byFundingSource: z.array(BudgetTotal.extend({ fundingSource: z.string() })),
    total: BudgetTotal,
  }),
  /** Prevention work in the year by activity kind and target group (no personal data: never suppressed). */
  prevention: z.array(z.object({ kind: z.string(), targetGroup: z.string(), activities: z.number().int(), attendances: z.number().int() })).default([]),
  /**
   * The shared hotline's section (issue 15; docs/domain.md, "The yearly report"): the year's hotline calls over all
   * member units by dimension (counts under five withheld, as the hotline statistics), the unit's own hotline calls
   * and the concerns forwarded to it from the hotline. Null when the unit is in no hotline.
   */
  hotline: z.object({
    hotlineNames: z.array(z.string()),
    rows: z.array(z.object({ dimension: z.enum(['caller_type', 'topic', 'outcome', 'municipality']), value: z.string().nullable(), calls: z.number().int().nullable() })),
    ownCalls: z.number().int().nullable(),
    forwardedIn: z.number().int().nullable(),
  }).nullable().default(null),
  /**
   * Staffing and workload (issue 14; docs/domain.md, "The yearly report"): the plan's staffing lines of the year (FTE)
   * and the unit's workload: cases open at year end, concerns received, courses running in the year, sessions held.
   * Counts under five are withheld (null) when the report is built without exact counts.
   */
  staffing: z.object({
    lines: z.array(z.object({ trackName: z.string().nullable(), fundingSource: z.string(), label: z.string().nullable(), fte: z.number(), amountDkk: z.number() })),
    totalFte: z.number(),
    workload: z.object({
      openCasesAtYearEnd: z.number().int().nullable(),
      concernsReceived: z.number().int().nullable(),
      coursesRunning: z.number().int().nullable(),
      sessionsHeld: z.number().int().nullable(),
    }),
  }).nullable().default(null),
});
export type YearReport = z.infer<typeof YearReport>;
