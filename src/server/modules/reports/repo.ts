import type { Queryable } from '../../platform/db.ts';
import { repository, type Scope } from '../../access/scope.ts';
import { buildYearReport } from '../plans/index.ts';
import type { YearReport } from '../../../shared/plans.ts';
import type { YearReportRequest } from './contracts.ts';

/** The figures of one yearly report and the unit's name for its title block. */
export interface CollectedReport {
  report: YearReport;
  unitName: string;
}

/**
 * The reports module's repository. The report holds aggregate figures only, but it is an export of the unit's case
 * figures, so collecting it writes one audit row (action export) here, in the method that reads the figures, so no
 * caller can collect a report unaudited.
 */
export const reportRepo = repository((tx: Queryable, s: Scope) => ({
  /**
   * Collects the figures for the plan's year in the actor's scope (plans' buildYearReport: report.export, the actor's
   * unit, audited 403/404 otherwise, small counts suppressed unless the actor sees exact counts) and audits the
   * export once. The unit's name is read with the plan under row-level security, so only the actor's units answer.
   */
  async collect(input: YearReportRequest): Promise<CollectedReport> {
    const report = await buildYearReport(s, input.planId, input.year);
    const r = await tx.query<{ name: string }>('SELECT u.name FROM action_plans p JOIN units u ON u.id = p.unit_id WHERE p.id = $1', [input.planId]);
    s.audit({ action: 'export', recordType: 'action_plan', recordId: input.planId, criterion: `year_report year=${input.year} lang=${input.lang}` });
    return { report, unitName: r.rows[0]?.name ?? '' };
  },
}));
