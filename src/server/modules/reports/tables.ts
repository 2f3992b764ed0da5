import { REPORT_LABELS, reportLabel, type ReportLang } from '../../../shared/report-i18n.ts';
import type { CaseloadRow, CaseloadTable, YearReport } from '../../../shared/plans.ts';

/**
 * The report's tables, computed once from a YearReport (built by the plans module) and rendered twice: as HTML
 * (→ PDF) and as the Excel workbook, so the two can never disagree. Numbers stay numbers here; formatting happens
 * in the renderers. A null count is a small count suppressed for an analyst.
 */
export type YearReportIndicator = YearReport['indicators'][number];

export interface BreakdownTable {
  dimension: 'ideology' | 'ageBand' | 'gender' | 'channel';
  /** e.g. "ideologisk område" */
  dimensionLabel: string;
  /** Calls are anonymous and only broken down by some dimensions (plans' callsByGroup). */
  withCalls: boolean;
  rows: BreakdownRow[];
}
export interface BreakdownRow {
  key: string;
  label: string;
  calls: number | null;
  concerns: number | null;
  justified: number | null;
  /** Per cent 0..100 of concerns judged justified. */
  justifiedShare: number | null;
  coursesStarted: number | null;
}
export interface BudgetRow {
  label: string;
  budgetDkk: number;
  spentDkk: number;
  remainingDkk: number;
  /** Per cent 0..100 of the budget spent; null for a zero budget. */
  spentShare: number | null;
}
export interface KeyFigure {
  key: 'calls' | 'concerns' | 'justified' | 'justifiedShare' | 'coursesStarted';
  label: string;
  value: number | null;
  unit: 'share' | 'count';
}
export interface ReportTables {
  indicators: YearReportIndicator[];
  indicatorsMet: number;
  indicatorsWithTarget: number;
  keyFigures: KeyFigure[];
  breakdowns: BreakdownTable[];
  budgetByTrack: BudgetRow[];
  budgetByFundingSource: BudgetRow[];
  budgetTotal: BudgetRow;
  /** True when any count in the report is suppressed, so the note about hidden small counts is shown. */
  hasSuppressed: boolean;
}

/** Table numbers in the report; the four caseload breakdowns follow the key figures. */
export const TABLE = { indicators: 1, keyFigures: 2, breakdownsFrom: 3, budgetByTrack: 7, budgetByFundingSource: 8 } as const;

/** Per cent part/whole rounded to one decimal; null when unknown or whole is zero. */
export function share(part: number | null, whole: number | null): number | null {
  if (part === null || whole === null || whole === 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const budgetRow = (label: string, b: { budgetDkk: number; spentDkk: number }): BudgetRow => ({
  label, budgetDkk: round2(b.budgetDkk), spentDkk: round2(b.spentDkk), remainingDkk: round2(b.budgetDkk - b.spentDkk), spentShare: share(b.spentDkk, b.budgetDkk),
});
const suppressedIn = (r: CaseloadRow) => r.suppressed || r.suppressedCells.length > 0;

/** Builds the tables of the report in lang from the computed figures. */
export function reportTables(report: YearReport, lang: ReportLang = 'da'): ReportTables {
  const L = REPORT_LABELS[lang];
  const c = report.caseload;
  const breakdown = (dimension: BreakdownTable['dimension'], t: CaseloadTable): BreakdownTable => ({
    dimension,
    dimensionLabel: L.dimensions[dimension],
    withCalls: t.callsByGroup,
    rows: t.rows.map((r) => ({
      key: r.group, label: reportLabel(lang, r.group), calls: t.callsByGroup ? r.calls : null,
      concerns: r.concerns, justified: r.justified, justifiedShare: r.justifiedShare, coursesStarted: r.coursesStarted,
    })),
  });
  const breakdowns = [breakdown('ideology', c.byIdeology), breakdown('ageBand', c.byAgeBand), breakdown('gender', c.byGender), breakdown('channel', c.byChannel)];
  const tables = [c.byIdeology, c.byAgeBand, c.byGender, c.byChannel];
  return {
    indicators: report.indicators,
    indicatorsMet: report.indicators.filter((i) => i.met === true).length,
    indicatorsWithTarget: report.indicators.filter((i) => i.target !== null).length,
    keyFigures: [
      { key: 'calls', label: L.caseload.calls, value: c.total.calls, unit: 'count' },
      { key: 'concerns', label: L.caseload.concerns, value: c.total.concerns, unit: 'count' },
      { key: 'justified', label: L.caseload.justified, value: c.total.justified, unit: 'count' },
      { key: 'justifiedShare', label: L.caseload.justifiedShare, value: c.total.justifiedShare, unit: 'share' },
      { key: 'coursesStarted', label: L.caseload.coursesStarted, value: c.total.coursesStarted, unit: 'count' },
    ],
    breakdowns,
    budgetByTrack: report.budget.byTrack.map((b) => budgetRow(b.trackName ?? L.budget.noTrack, b)),
    budgetByFundingSource: report.budget.byFundingSource.map((b) => budgetRow(b.fundingSource, b)),
    budgetTotal: budgetRow(L.budget.total, report.budget.total),
    hasSuppressed: suppressedIn(c.total) || tables.some((t) => t.rows.some(suppressedIn)) || report.indicators.some((i) => i.suppressed),
  };
}
