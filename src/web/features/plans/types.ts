import type { z } from 'zod';
import type {
  BudgetRow as BudgetRowSchema,
  Dashboard as DashboardSchema,
  DashboardIndicator as DashboardIndicatorSchema,
  Figure as FigureSchema,
  IndicatorRecords as IndicatorRecordsSchema,
  PlanDetail as PlanDetailSchema,
  PlanSummary as PlanSummarySchema,
  TargetStatus as TargetStatusSchema,
} from '../../../shared/plans.ts';
// The reports module's contract imports nothing of the server, so the web may use its type.
import type { ReportJobView } from '../../../server/modules/reports/contracts.ts';

/** The web's view of the plan contracts (src/shared/plans.ts): types only, nothing of zod reaches the bundle. */
export type PlanSummary = z.infer<typeof PlanSummarySchema>;
export type PlanDetail = z.infer<typeof PlanDetailSchema>;
export type Dashboard = z.infer<typeof DashboardSchema>;
export type DashboardIndicator = z.infer<typeof DashboardIndicatorSchema>;
export type Figure = z.infer<typeof FigureSchema>;
export type BudgetRow = z.infer<typeof BudgetRowSchema>;
export type TargetStatus = z.infer<typeof TargetStatusSchema>;
export type IndicatorRecords = z.infer<typeof IndicatorRecordsSchema>;
/** A yearly-report job as polled. */
export type ReportJob = z.infer<typeof ReportJobView>;
