import type { z } from 'zod';
import type {
  BudgetRow as BudgetRowSchema,
  Dashboard as DashboardSchema,
  DashboardIndicator as DashboardIndicatorSchema,
  Figure as FigureSchema,
  IndicatorRecords as IndicatorRecordsSchema,
  PlanSummary as PlanSummarySchema,
  TargetStatus as TargetStatusSchema,
} from '../../../shared/plans.ts';
import type { ReportStep } from '../../../shared/report-i18n.ts';

/** The web's view of the plan contracts (src/shared/plans.ts): types only, nothing of zod reaches the bundle. */
export type PlanSummary = z.infer<typeof PlanSummarySchema>;
export type Dashboard = z.infer<typeof DashboardSchema>;
export type DashboardIndicator = z.infer<typeof DashboardIndicatorSchema>;
export type Figure = z.infer<typeof FigureSchema>;
export type BudgetRow = z.infer<typeof BudgetRowSchema>;
export type TargetStatus = z.infer<typeof TargetStatusSchema>;
export type IndicatorRecords = z.infer<typeof IndicatorRecordsSchema>;
/**
 * A yearly-report job as polled (ReportJobView in src/server/modules/reports/contracts.ts, which is not yet in
 * src/shared for the web to share).
 */
export interface ReportJob {
  jobId: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  /** 0..100 */
  progress: number;
  step: ReportStep;
  year: number;
  expiresAt: string;
}
