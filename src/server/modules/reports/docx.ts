import { PREVENTION_REPORT_LABELS } from '../../../shared/report-prevention-i18n.ts';
import { HOTLINE_REPORT_LABELS, hotlineValueLabel } from '../../../shared/report-hotline-i18n.ts';
import { STAFFING_REPORT_LABELS, WORKLOAD_KEYS, formatFte } from '../../../shared/report-staffing-i18n.ts';
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { REPORT_LABELS, type ReportLang } from '../../../shared/report-i18n.ts';
import type { YearReport } from '../../../shared/plans.ts';
import { TABLE, type BudgetRow, type ReportTables } from './tables.ts';
import { formatter } from './format.ts';

/**
 * The yearly report as a Word document (.docx), beside the PDF and the workbook: committee papers are edited before
 * they go out (docs/domain.md, "The yearly report"). The same sections, tables and texts as the PDF (html.ts): the
 * addressee, the foreword, each target against its actual with the unit's comment, the caseload, and the budget
 * against spending. Real Word headings and tables with a repeated header row, so the document stays accessible when
 * it is edited.
 */

const cell = (text: string, opts: { bold?: boolean; right?: boolean } = {}) =>
  new TableCell({ children: [new Paragraph({ alignment: opts.right ? 'right' : undefined, children: [new TextRun({ text, bold: opts.bold })] })] });

function table(caption: string, header: string[], rows: string[][], numeric: boolean[], footer?: string[]): (Paragraph | Table)[] {
  const row = (cells: string[], bold = false) => new TableRow({ children: cells.map((c, i) => cell(c, { bold, right: numeric[i] })) });
  return [
    new Paragraph({ children: [new TextRun({ text: caption, bold: true })], keepNext: true }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, cantSplit: true, children: header.map((h, i) => cell(h, { bold: true, right: numeric[i] })) }),
        ...rows.map((r) => row(r)),
        ...(footer ? [row(footer, true)] : []),
      ],
    }),
    new Paragraph({ text: '' }),
  ];
}

/** Builds the Word document; the bytes are a .docx file. */
export async function buildWordDocument(report: YearReport, t: ReportTables, lang: ReportLang, unitName: string): Promise<Buffer> {
  const L = REPORT_LABELS[lang];
  const f = formatter(lang);
  const label = (i: YearReport['indicators'][number]) => (lang === 'en' && i.labelEn ? i.labelEn : i.label);
  const met = (i: YearReport['indicators'][number]) => (i.met === true ? `✓ ${L.indicators.yes}` : i.met === false ? `✗ ${L.indicators.no}`
    : i.target === null ? L.indicators.noTarget : i.suppressed ? L.suppressed : L.indicators.notMeasured);
  const body: (Paragraph | Table)[] = [
    new Paragraph({ text: L.title(report.year), heading: HeadingLevel.TITLE }),
    new Paragraph({ text: `${L.unit}: ${unitName}` }),
    new Paragraph({ text: `${L.plan}: ${report.planName} (${report.firstYear}–${report.lastYear})` }),
    ...(report.texts ? [new Paragraph({ children: [new TextRun({ text: `${L.texts.addressee}: `, bold: true }), new TextRun(report.texts.addressee)] })] : []),
    new Paragraph({ text: L.intro }),
  ];
  if (report.texts?.foreword) {
    body.push(new Paragraph({ text: L.texts.foreword, heading: HeadingLevel.HEADING_1 }));
    for (const p of report.texts.foreword.split(/\n\s*\n/)) body.push(new Paragraph({ text: p }));
  }

  body.push(new Paragraph({ text: `1. ${L.sections.indicators}`, heading: HeadingLevel.HEADING_1 }));
  body.push(new Paragraph({ text: L.indicators.summary(t.indicatorsMet, t.indicatorsWithTarget) }));
  body.push(...table(
    `${L.table(TABLE.indicators)}. ${L.indicators.caption(report.year)}`,
    [L.indicators.indicator, L.indicators.track, L.indicators.target, L.indicators.actual, L.indicators.met],
    t.indicators.map((i) => [label(i), i.trackName ?? '', f.target(i.comparison, i.target, i.unit), f.actual(i.actual, i.unit, i.comparison, i.suppressed), met(i)]),
    [false, false, true, true, false],
  ));
  const commented = report.indicators.filter((i) => i.comment || i.met === false);
  if (commented.length) {
    body.push(new Paragraph({ text: L.texts.comments, heading: HeadingLevel.HEADING_2 }));
    for (const i of commented) {
      body.push(new Paragraph({ children: [new TextRun({ text: label(i), bold: true })], keepNext: true }));
      body.push(new Paragraph({ text: i.comment ?? L.texts.missing }));
    }
  }

  body.push(new Paragraph({ text: `2. ${L.sections.caseload}`, heading: HeadingLevel.HEADING_1 }));
  body.push(...table(
    `${L.table(TABLE.keyFigures)}. ${L.caseload.keyCaption(report.year)}`,
    [L.caseload.figure, L.caseload.value],
    t.keyFigures.map((k) => [k.label, k.unit === 'share' ? f.percent(k.value) : f.count(k.value)]),
    [false, true],
  ));
  body.push(new Paragraph({ text: L.sections.breakdowns, heading: HeadingLevel.HEADING_2 }));
  t.breakdowns.forEach((b, n) => {
    body.push(...table(
      `${L.table(TABLE.breakdownsFrom + n)}. ${L.caseload.breakdownCaption(b.dimensionLabel, report.year)}`,
      [L.caseload.category, ...(b.withCalls ? [L.caseload.callsShort] : []), L.caseload.concerns, L.caseload.justified, L.caseload.justifiedShare, L.caseload.coursesStarted],
      b.rows.map((x) => [x.label, ...(b.withCalls ? [f.count(x.calls)] : []), f.count(x.concerns), f.count(x.justified), f.percent(x.justifiedShare), f.count(x.coursesStarted)]),
      [false, ...(b.withCalls ? [true] : []), true, true, true, true],
    ));
  });
  if (t.hasSuppressed) body.push(new Paragraph({ text: L.suppressedNote }));

  body.push(new Paragraph({ text: `3. ${L.sections.budget}`, heading: HeadingLevel.HEADING_1 }));
  const budget = (n: number, caption: string, first: string, rows: BudgetRow[]) => table(
    `${L.table(n)}. ${caption}`,
    [first, L.budget.budget, L.budget.spent, L.budget.remaining, L.budget.spentShare],
    rows.map((b) => [b.label, f.dkk(b.budgetDkk), f.dkk(b.spentDkk), f.dkk(b.remainingDkk), f.percent(b.spentShare)]),
    [false, true, true, true, true],
    [t.budgetTotal.label, f.dkk(t.budgetTotal.budgetDkk), f.dkk(t.budgetTotal.spentDkk), f.dkk(t.budgetTotal.remainingDkk), f.percent(t.budgetTotal.spentShare)],
  );
  body.push(...budget(TABLE.budgetByTrack, L.budget.caption(report.year), L.budget.track, t.budgetByTrack));
  body.push(...budget(TABLE.budgetByFundingSource, L.budget.captionBySource(report.year), L.budget.fundingSource, t.budgetByFundingSource));

  // 4. Prevention work by kind and target group (issue 14).
  const P = PREVENTION_REPORT_LABELS[lang];
  body.push(new Paragraph({ text: `4. ${P.section}`, heading: HeadingLevel.HEADING_1 }));
  body.push(new Paragraph({ text: P.intro }));
  const sum = (k: 'activities' | 'attendances') => report.prevention.reduce((n, x) => n + x[k], 0);
  body.push(...table(
    `${L.table(TABLE.budgetByFundingSource + 1)}. ${P.caption(report.year)}`,
    [P.kind, P.targetGroup, P.activities, P.attendances],
    report.prevention.length
      ? report.prevention.map((x) => [P.kinds[x.kind] ?? x.kind, P.targetGroups[x.targetGroup] ?? x.targetGroup, f.count(x.activities), f.count(x.attendances)])
      : [[P.none, '', '', '']],
    [false, false, true, true],
    [P.total, '', f.count(sum('activities')), f.count(sum('attendances'))],
  ));

  // 5. The shared hotline (issue 15), for a unit in a hotline: withheld counts as "< 5".
  if (report.hotline) {
    const H = HOTLINE_REPORT_LABELS[lang];
    const hl = report.hotline;
    const n = (v: number | null) => (v === null ? H.suppressed : f.count(v));
    body.push(new Paragraph({ text: `5. ${H.section}`, heading: HeadingLevel.HEADING_1 }));
    body.push(new Paragraph({ text: H.intro(hl.hotlineNames.join(', ')) }));
    body.push(...table(
      `${L.table(TABLE.budgetByFundingSource + 2)}. ${H.caption(report.year)}`,
      [H.dimension, H.value, H.calls],
      hl.rows.length ? hl.rows.map((x) => [H.dimensions[x.dimension], hotlineValueLabel(lang, x.dimension, x.value), n(x.calls)]) : [[H.none, '', '']],
      [false, false, true],
    ));
    body.push(...table(
      `${L.table(TABLE.budgetByFundingSource + 3)}. ${H.ownCaption(report.year)}`,
      [H.figure, H.count],
      [[H.ownCalls, n(hl.ownCalls)], [H.forwardedIn, n(hl.forwardedIn)]],
      [false, true],
    ));
  }

  // Staffing and workload (issue 14): the section after the hotline's, when the unit has one.
  if (report.staffing) {
    const S = STAFFING_REPORT_LABELS[lang];
    const st = report.staffing;
    const first = TABLE.budgetByFundingSource + (report.hotline ? 4 : 2);
    body.push(new Paragraph({ text: `${report.hotline ? 6 : 5}. ${S.section}`, heading: HeadingLevel.HEADING_1 }));
    body.push(new Paragraph({ text: S.intro }));
    body.push(...table(
      `${L.table(first)}. ${S.caption(report.year)}`,
      [S.track, S.fundingSource, S.label, S.fte, S.amount],
      st.lines.length
        ? st.lines.map((l) => [l.trackName ?? S.noTrack, l.fundingSource, l.label ?? '', formatFte(lang, l.fte), f.dkk(l.amountDkk)])
        : [[S.none, '', '', '', '']],
      [false, false, false, true, true],
      [S.total, '', '', formatFte(lang, st.totalFte), f.dkk(st.lines.reduce((t, l) => t + l.amountDkk, 0))],
    ));
    body.push(...table(
      `${L.table(first + 1)}. ${S.workloadCaption(report.year)}`,
      [S.figure, S.count],
      WORKLOAD_KEYS.map((k) => [S.workload[k], st.workload[k] === null ? S.suppressed : f.count(st.workload[k])]),
      [false, true],
    ));
  }

  const doc = new Document({
    creator: 'VINK', title: L.title(report.year), subject: report.planName, description: report.planName,
    sections: [{ children: body }],
  });
  return Packer.toBuffer(doc);
}
