import { PREVENTION_REPORT_LABELS } from '../../../shared/report-prevention-i18n.ts';
import { HOTLINE_REPORT_LABELS, hotlineValueLabel } from '../../../shared/report-hotline-i18n.ts';
import { STAFFING_REPORT_LABELS, WORKLOAD_KEYS } from '../../../shared/report-staffing-i18n.ts';
import ExcelJS from 'exceljs';
import { REPORT_LABELS, type ReportLang } from '../../../shared/report-i18n.ts';
import type { YearReport } from '../../../shared/plans.ts';
import type { ReportTables } from './tables.ts';
import { formatter } from './format.ts';

/**
 * The report's tables as an Excel workbook: one sheet per table (Indikatorer, Sagsforløb, Budget), bold header row
 * frozen at the top, numbers stored as numbers with number formats (Excel shows them with the reader's separators,
 * so a Danish Excel shows 1.234,5). Percentages are stored as fractions with a per cent format, the way Excel
 * computes with them. A suppressed small count is an empty cell, explained in a note under the table.
 */
const FMT = {
  count: '#,##0',
  decimal: '#,##0.0',
  percent: '0.0%',
  dkk: '#,##0.00 "kr."',
};

function sheet(wb: ExcelJS.Workbook, name: string, columns: { header: string; width: number; fmt?: string }[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width, style: c.fmt ? { numFmt: c.fmt } : {} }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', wrapText: true };
  head.eachCell((cell) => { cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } }; });
  return ws;
}

// Rounded so 95.2 % is stored as 0.952, not 0.9520000000000001.
const pct = (n: number | null) => (n === null ? null : Math.round(n * 100) / 10_000);

/** Builds the workbook; the bytes are an .xlsx file. */
export async function buildWorkbook(report: YearReport, t: ReportTables, lang: ReportLang, createdAt: Date): Promise<Buffer> {
  const L = REPORT_LABELS[lang];
  const f = formatter(lang);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'VINK';
  wb.title = L.title(report.year);
  wb.subject = report.planName;
  wb.created = createdAt;
  wb.modified = createdAt;

  const ind = sheet(wb, L.sheets.indicators, [
    { header: L.indicators.indicator, width: 52 },
    { header: L.indicators.track, width: 22 },
    { header: L.indicators.target, width: 14 },
    { header: L.indicators.actual, width: 14 },
    { header: L.indicators.met, width: 16 },
    { header: L.texts.comments, width: 60 },
  ]);
  // A milestone is 1 (done) or 0: a number format with positive;negative;zero sections shows the words.
  const milestone = `"${L.indicators.done}";"";"${L.indicators.notDone}"`;
  for (const i of t.indicators) {
    // Shares are stored as fractions under a per cent format; counts and milestones as they are.
    const num = (n: number | null) => (i.unit === 'share' && i.comparison !== 'done' ? pct(n) : n);
    const met = i.met === true ? `✓ ${L.indicators.yes}` : i.met === false ? `✗ ${L.indicators.no}`
      : i.target === null ? L.indicators.noTarget : i.suppressed ? L.suppressed : L.indicators.notMeasured;
    const comment = i.comment ?? (i.met === false ? L.texts.missing : null);
    const row = ind.addRow([lang === 'en' && i.labelEn ? i.labelEn : i.label, i.trackName ?? '', num(i.target), num(i.actual), met, comment]);
    row.getCell(6).alignment = { wrapText: true, vertical: 'top' };
    const whole = [i.target, i.actual].every((n) => n === null || Number.isInteger(n));
    const fmt = i.comparison === 'done' ? milestone : i.unit === 'share' ? FMT.percent : whole ? FMT.count : FMT.decimal;
    row.getCell(3).numFmt = fmt;
    row.getCell(4).numFmt = fmt;
    // The comparison ("mindst") is not part of the number; keep it readable as a note on the target cell.
    if (i.comparison && i.comparison !== 'done' && i.target !== null) row.getCell(3).note = f.target(i.comparison, i.target, i.unit);
  }

  const cases = sheet(wb, L.sheets.caseload, [
    { header: L.caseload.dimension, width: 22 },
    { header: L.caseload.category, width: 30 },
    { header: L.caseload.calls, width: 14, fmt: FMT.count },
    { header: L.caseload.concerns, width: 14, fmt: FMT.count },
    { header: L.caseload.justified, width: 14, fmt: FMT.count },
    { header: L.caseload.justifiedShare, width: 14, fmt: FMT.percent },
    { header: L.caseload.coursesStarted, width: 14, fmt: FMT.count },
  ]);
  const k = Object.fromEntries(t.keyFigures.map((x) => [x.key, x.value]));
  const total = cases.addRow([L.caseload.total, '', k.calls, k.concerns, k.justified, pct(k.justifiedShare ?? null), k.coursesStarted]);
  total.font = { bold: true };
  for (const b of t.breakdowns) {
    for (const r of b.rows) cases.addRow([b.dimensionLabel, r.label, b.withCalls ? r.calls : null, r.concerns, r.justified, pct(r.justifiedShare), r.coursesStarted]);
  }
  if (t.hasSuppressed) {
    cases.addRow([]);
    cases.addRow([L.suppressedNote]).font = { italic: true };
  }

  const bud = sheet(wb, L.sheets.budget, [
    { header: L.caseload.dimension, width: 20 },
    { header: `${L.budget.track} / ${L.budget.fundingSource}`, width: 36 },
    { header: L.budget.budget, width: 18, fmt: FMT.dkk },
    { header: L.budget.spent, width: 18, fmt: FMT.dkk },
    { header: L.budget.remaining, width: 18, fmt: FMT.dkk },
    { header: L.budget.spentShare, width: 12, fmt: FMT.percent },
  ]);
  const budgetRow = (group: string, b: ReportTables['budgetTotal']) => bud.addRow([group, b.label, b.budgetDkk, b.spentDkk, b.remainingDkk, pct(b.spentShare)]);
  for (const b of t.budgetByTrack) budgetRow(L.budget.track, b);
  for (const b of t.budgetByFundingSource) budgetRow(L.budget.fundingSource, b);
  budgetRow(L.budget.total, { ...t.budgetTotal, label: '' }).font = { bold: true };

  // Prevention work by kind and target group (issue 14), on a sheet of its own after the budget.
  const P = PREVENTION_REPORT_LABELS[lang];
  const prev = sheet(wb, P.sheet, [
    { header: P.kind, width: 40 },
    { header: P.targetGroup, width: 30 },
    { header: P.activities, width: 14, fmt: FMT.count },
    { header: P.attendances, width: 14, fmt: FMT.count },
  ]);
  for (const x of report.prevention) prev.addRow([P.kinds[x.kind] ?? x.kind, P.targetGroups[x.targetGroup] ?? x.targetGroup, x.activities, x.attendances]);
  prev.addRow([P.total, '', report.prevention.reduce((n, x) => n + x.activities, 0), report.prevention.reduce((n, x) => n + x.attendances, 0)]).font = { bold: true };

  // The shared hotline (issue 15), on a sheet of its own for a unit in a hotline: withheld counts as "< 5".
  if (report.hotline) {
    const H = HOTLINE_REPORT_LABELS[lang];
    const hl = report.hotline;
    const hs = sheet(wb, H.sheet, [
      { header: H.dimension, width: 44 },
      { header: H.value, width: 40 },
      { header: H.calls, width: 12, fmt: FMT.count },
    ]);
    const n = (v: number | null) => (v === null ? H.suppressed : v);
    for (const x of hl.rows) hs.addRow([H.dimensions[x.dimension], hotlineValueLabel(lang, x.dimension, x.value), n(x.calls)]);
    hs.addRow([H.ownCalls, '', n(hl.ownCalls)]).font = { bold: true };
    hs.addRow([H.forwardedIn, '', n(hl.forwardedIn)]).font = { bold: true };
  }

  // Staffing and workload (issue 14), on a sheet of its own: the staffing lines, their total, then the workload.
  if (report.staffing) {
    const S = STAFFING_REPORT_LABELS[lang];
    const st = report.staffing;
    const ws = sheet(wb, S.sheet, [
      { header: S.track, width: 36 },
      { header: S.fundingSource, width: 30 },
      { header: S.label, width: 30 },
      { header: S.fte, width: 12, fmt: '#,##0.0#' },
      { header: S.amount, width: 18, fmt: FMT.dkk },
    ]);
    for (const l of st.lines) ws.addRow([l.trackName ?? S.noTrack, l.fundingSource, l.label ?? '', l.fte, l.amountDkk]);
    ws.addRow([S.total, '', '', st.totalFte, st.lines.reduce((t, l) => t + l.amountDkk, 0)]).font = { bold: true };
    for (const k of WORKLOAD_KEYS) ws.addRow([S.workload[k], '', '', st.workload[k] ?? S.suppressed]);
  }

  // The committee's texts: to whom, and the foreword, on a sheet of their own.
  if (report.texts) {
    const texts = sheet(wb, L.texts.foreword, [{ header: L.texts.addressee, width: 40 }, { header: L.texts.foreword, width: 100 }]);
    texts.addRow([report.texts.addressee, report.texts.foreword ?? '']).getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }

  return Buffer.from(await wb.xlsx.writeBuffer());
}
