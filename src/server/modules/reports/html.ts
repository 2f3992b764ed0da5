import { REPORT_LABELS, type ReportLang } from '../../../shared/report-i18n.ts';
import type { YearReport } from '../../../shared/plans.ts';
import { reportTables, TABLE, type BudgetRow, type ReportTables } from './tables.ts';
import { reportCharts, type Chart } from './charts.ts';
import { formatter } from './format.ts';
import { PREVENTION_REPORT_LABELS } from '../../../shared/report-prevention-i18n.ts';
import { HOTLINE_REPORT_LABELS, hotlineValueLabel } from '../../../shared/report-hotline-i18n.ts';
import { STAFFING_REPORT_LABELS, WORKLOAD_KEYS, formatFte } from '../../../shared/report-staffing-i18n.ts';

/**
 * The yearly report as one self-contained HTML document (no script, no external resource: Chromium prints it with
 * every request blocked). Accessible by construction so the tagged PDF is too: lang, one h1 and ordered headings,
 * tables with caption and scoped header cells, met/not met written as a word beside the symbol (never colour
 * alone), and each chart a figure with a caption and a text alternative.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escapes text for HTML element content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const CSS = `
  @page { size: A4; }
  * { box-sizing: border-box; }
  body { font-family: 'Liberation Sans', Arial, Helvetica, sans-serif; font-size: 10.5pt; line-height: 1.4; color: #1a1a1a; margin: 0; }
  h1 { font-size: 20pt; margin: 0 0 4mm; color: #1f4e79; }
  h2 { font-size: 14pt; margin: 8mm 0 3mm; color: #1f4e79; break-after: avoid; }
  h3 { font-size: 11.5pt; margin: 5mm 0 2mm; break-after: avoid; }
  dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 6mm; margin: 0 0 4mm; }
  dl.meta dt { font-weight: bold; }
  dl.meta dd { margin: 0; }
  table { border-collapse: collapse; width: 100%; margin: 2mm 0 5mm; break-inside: auto; }
  /* A table's header repeats on every page it spans and is never left alone at a page's foot (D23): the caption and
     header stay with the first rows, the total row is printed once at the end (not repeated at each page's foot),
     and a short table is kept whole on one page. */
  thead { display: table-header-group; break-inside: avoid; break-after: avoid; }
  tfoot { display: table-row-group; break-inside: avoid; }
  caption { break-after: avoid; }
  tbody tr:first-child, tbody tr:nth-child(2) { break-before: avoid; }
  tbody tr:last-child { break-before: avoid; }
  table.short { break-inside: avoid; }
  caption { text-align: left; font-weight: bold; padding: 0 0 2mm; caption-side: top; }
  .comment { margin: 0 0 3mm; }
  .comment .missing { color: #a4262c; font-weight: bold; }
  .how { font-size: 9pt; color: #404040; display: block; font-weight: normal; }
  th, td { border-bottom: 1px solid #9a9a9a; padding: 1.2mm 2mm; vertical-align: top; text-align: left; }
  thead th { border-bottom: 2px solid #1a1a1a; background: #e8eef5; }
  tr { break-inside: avoid; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  td.num { white-space: nowrap; }
  thead th { hyphens: auto; }
  tfoot th, tfoot td { font-weight: bold; border-top: 2px solid #1a1a1a; }
  .met-yes { color: #1e6b2e; } .met-no { color: #a4262c; }
  figure { margin: 3mm 0 6mm; break-inside: avoid; }
  figcaption { font-size: 9.5pt; margin-top: 1mm; }
  figcaption strong { display: block; font-size: 10.5pt; }
  .note { font-size: 9pt; color: #404040; }
  nav ol { margin: 0 0 4mm; }
`;

function figure(c: Chart): string {
  return `<figure id="${c.id}" role="group" aria-labelledby="${c.id}-title">
  <div role="img" aria-label="${esc(c.alt)}">${c.svg}</div>
  <figcaption><strong id="${c.id}-title">${esc(c.title)}</strong>${esc(c.alt)}</figcaption>
</figure>`;
}

function indicatorsSection(r: YearReport, t: ReportTables, lang: ReportLang, charts: Chart[]): string {
  const L = REPORT_LABELS[lang];
  const f = formatter(lang);
  const label = (i: ReportTables['indicators'][number]) => (lang === 'en' && i.labelEn ? i.labelEn : i.label);
  // The symbol is decoration; the word says it (WCAG 1.4.1: not by colour or shape alone).
  const met = (i: ReportTables['indicators'][number]) => {
    if (i.met === true) return `<span class="met-yes" aria-hidden="true">✓</span> ${esc(L.indicators.yes)}`;
    if (i.met === false) return `<span class="met-no" aria-hidden="true">✗</span> ${esc(L.indicators.no)}`;
    return `– ${esc(i.target === null ? L.indicators.noTarget : i.suppressed ? L.suppressed : L.indicators.notMeasured)}`;
  };
  const rows = t.indicators.map((i) => `<tr>
      <th scope="row">${esc(label(i))}${i.howDa && lang === 'da' ? `<span class="how">${esc(L.texts.how)}: ${esc(i.howDa)}</span>` : ''}</th>
      <td>${esc(i.trackName ?? '')}</td>
      <td class="num">${esc(f.target(i.comparison, i.target, i.unit))}</td>
      <td class="num">${esc(f.actual(i.actual, i.unit, i.comparison, i.suppressed))}</td>
      <td>${met(i)}</td>
    </tr>`).join('');
  const chart = charts.find((c) => c.id === 'chart-indicators');
  return `<section aria-labelledby="s-indicators">
  <h2 id="s-indicators">1. ${esc(L.sections.indicators)}</h2>
  <p>${esc(L.indicators.summary(t.indicatorsMet, t.indicatorsWithTarget))}</p>
  <table>
    <caption>${esc(L.table(TABLE.indicators))}. ${esc(L.indicators.caption(r.year))}</caption>
    <thead><tr><th scope="col">${esc(L.indicators.indicator)}</th><th scope="col">${esc(L.indicators.track)}</th>
      <th scope="col" class="num">${esc(L.indicators.target)}</th><th scope="col" class="num">${esc(L.indicators.actual)}</th>
      <th scope="col">${esc(L.indicators.met)}</th></tr></thead>
    <tbody>${rows || `<tr><td colspan="5">${esc(L.none)}</td></tr>`}</tbody>
  </table>
  ${commentsBlock(r, lang)}
  ${chart ? figure(chart) : ''}
</section>`;
}

/** Each target's comment for the committee; a missed target without one is marked so it cannot go unnoticed. */
function commentsBlock(r: YearReport, lang: ReportLang): string {
  const L = REPORT_LABELS[lang];
  const items = r.indicators.filter((i) => i.comment || i.met === false);
  if (!items.length) return '';
  const label = (i: YearReport['indicators'][number]) => (lang === 'en' && i.labelEn ? i.labelEn : i.label);
  return `<h3>${esc(L.texts.comments)}</h3>
  <p>${esc(L.texts.commentsIntro)}</p>
  ${items.map((i) => `<div class="comment"><strong>${esc(label(i))}</strong><br>${i.comment ? esc(i.comment) : `<span class="missing">${esc(L.texts.missing)}</span>`}</div>`).join('\n  ')}`;
}

function caseloadSection(r: YearReport, t: ReportTables, lang: ReportLang, charts: Chart[]): string {
  const L = REPORT_LABELS[lang];
  const f = formatter(lang);
  const key = t.keyFigures.map((k) => `<tr><th scope="row">${esc(k.label)}</th><td class="num">${esc(k.unit === 'share' ? f.percent(k.value) : f.count(k.value))}</td></tr>`).join('');
  const breakdowns = t.breakdowns.map((b, n) => {
    const calls = (n: number | null) => (b.withCalls ? `<td class="num">${esc(f.count(n))}</td>` : '');
    const rows = b.rows.map((x) => `<tr><th scope="row">${esc(x.label)}</th>${calls(x.calls)}<td class="num">${esc(f.count(x.concerns))}</td>
      <td class="num">${esc(f.count(x.justified))}</td><td class="num">${esc(f.percent(x.justifiedShare))}</td><td class="num">${esc(f.count(x.coursesStarted))}</td></tr>`).join('');
    return `<table${b.rows.length <= 12 ? ' class="short"' : ''}>
    <caption>${esc(L.table(TABLE.breakdownsFrom + n))}. ${esc(L.caseload.breakdownCaption(b.dimensionLabel, r.year))}</caption>
    <thead><tr><th scope="col">${esc(L.caseload.category)}</th>${b.withCalls ? `<th scope="col" class="num">${esc(L.caseload.callsShort)}</th>` : ''}<th scope="col" class="num">${esc(L.caseload.concerns)}</th>
      <th scope="col" class="num">${esc(L.caseload.justified)}</th><th scope="col" class="num">${esc(L.caseload.justifiedShare)}</th>
      <th scope="col" class="num">${esc(L.caseload.coursesStarted)}</th></tr></thead>
    <tbody>${rows || `<tr><td colspan="${b.withCalls ? 6 : 5}">${esc(L.none)}</td></tr>`}</tbody>
  </table>`;
  }).join('');
  const chart = charts.find((c) => c.id === 'chart-funnel');
  return `<section aria-labelledby="s-caseload">
  <h2 id="s-caseload">2. ${esc(L.sections.caseload)}</h2>
  <table>
    <caption>${esc(L.table(TABLE.keyFigures))}. ${esc(L.caseload.keyCaption(r.year))}</caption>
    <thead><tr><th scope="col">${esc(L.caseload.figure)}</th><th scope="col" class="num">${esc(L.caseload.value)}</th></tr></thead>
    <tbody>${key}</tbody>
  </table>
  ${chart ? figure(chart) : ''}
  <h3>${esc(L.sections.breakdowns)}</h3>
  ${breakdowns}
  ${t.hasSuppressed ? `<p class="note">${esc(L.suppressedNote)}</p>` : ''}
</section>`;
}

function budgetTable(n: number, caption: string, firstCol: string, rows: BudgetRow[], total: BudgetRow, lang: ReportLang): string {
  const L = REPORT_LABELS[lang];
  const f = formatter(lang);
  const cells = (b: BudgetRow) => `<td class="num">${esc(f.dkk(b.budgetDkk))}</td><td class="num">${esc(f.dkk(b.spentDkk))}</td>
      <td class="num">${esc(f.dkk(b.remainingDkk))}</td><td class="num">${esc(f.percent(b.spentShare))}</td>`;
  const body = rows.map((b) => `<tr><th scope="row">${esc(b.label)}</th>${cells(b)}</tr>`).join('');
  return `<table${rows.length <= 12 ? ' class="short"' : ''}>
    <caption>${esc(L.table(n))}. ${esc(caption)}</caption>
    <thead><tr><th scope="col">${esc(firstCol)}</th>
      <th scope="col" class="num">${esc(L.budget.budget)}</th><th scope="col" class="num">${esc(L.budget.spent)}</th>
      <th scope="col" class="num">${esc(L.budget.remaining)}</th><th scope="col" class="num">${esc(L.budget.spentShare)}</th></tr></thead>
    <tbody>${body || `<tr><td colspan="5">${esc(L.none)}</td></tr>`}</tbody>
    <tfoot><tr><th scope="row">${esc(total.label)}</th>${cells(total)}</tr></tfoot>
  </table>`;
}

function budgetSection(r: YearReport, t: ReportTables, lang: ReportLang, charts: Chart[]): string {
  const L = REPORT_LABELS[lang];
  const chart = charts.find((c) => c.id === 'chart-budget');
  return `<section aria-labelledby="s-budget">
  <h2 id="s-budget">3. ${esc(L.sections.budget)}</h2>
  ${budgetTable(TABLE.budgetByTrack, L.budget.caption(r.year), L.budget.track, t.budgetByTrack, t.budgetTotal, lang)}
  ${chart ? figure(chart) : ''}
  ${budgetTable(TABLE.budgetByFundingSource, L.budget.captionBySource(r.year), L.budget.fundingSource, t.budgetByFundingSource, t.budgetTotal, lang)}
</section>`;
}

/** The table number of the prevention work: after the budget's. */
export const PREVENTION_TABLE = TABLE.budgetByFundingSource + 1;

/** Section 4: prevention work by kind and target group, with the year's total (issue 14; docs/domain.md). */
function preventionSection(r: YearReport, lang: ReportLang): string {
  const L = REPORT_LABELS[lang];
  const P = PREVENTION_REPORT_LABELS[lang];
  const f = formatter(lang);
  const rows = r.prevention.map((x) => `<tr><th scope="row">${esc(P.kinds[x.kind] ?? x.kind)}</th><td>${esc(P.targetGroups[x.targetGroup] ?? x.targetGroup)}</td>
      <td class="num">${f.count(x.activities)}</td><td class="num">${f.count(x.attendances)}</td></tr>`).join('');
  const sum = (k: 'activities' | 'attendances') => r.prevention.reduce((n, x) => n + x[k], 0);
  return `<section aria-labelledby="s-prevention">
  <h2 id="s-prevention">4. ${esc(P.section)}</h2>
  <p>${esc(P.intro)}</p>
  <table class="${r.prevention.length <= 12 ? 'short' : ''}">
    <caption>${esc(L.table(PREVENTION_TABLE))}. ${esc(P.caption(r.year))}</caption>
    <thead><tr><th scope="col">${esc(P.kind)}</th><th scope="col">${esc(P.targetGroup)}</th>
      <th scope="col" class="num">${esc(P.activities)}</th><th scope="col" class="num">${esc(P.attendances)}</th></tr></thead>
    <tbody>${rows || `<tr><td colspan="4">${esc(P.none)}</td></tr>`}</tbody>
    <tfoot><tr><th scope="row" colspan="2">${esc(P.total)}</th><td class="num">${f.count(sum('activities'))}</td><td class="num">${f.count(sum('attendances'))}</td></tr></tfoot>
  </table>
</section>`;
}

/** The table numbers of the shared hotline's section: after the prevention work's. */
export const HOTLINE_TABLE = PREVENTION_TABLE + 1;
export const HOTLINE_OWN_TABLE = PREVENTION_TABLE + 2;

/**
 * Section 5: the shared hotline (issue 15; docs/domain.md, "The yearly report"): the year's calls over all member
 * units by breakdown, withheld counts shown as "< 5", then the unit's own hotline figures. No section for a unit in no
 * hotline.
 */
function hotlineSection(r: YearReport, lang: ReportLang): string {
  const hl = r.hotline;
  if (!hl) return '';
  const L = REPORT_LABELS[lang];
  const H = HOTLINE_REPORT_LABELS[lang];
  const f = formatter(lang);
  const n = (v: number | null) => (v === null ? esc(H.suppressed) : f.count(v));
  const rows = hl.rows.map((x) => `<tr><th scope="row">${esc(H.dimensions[x.dimension])}</th><td>${esc(hotlineValueLabel(lang, x.dimension, x.value))}</td>
      <td class="num">${n(x.calls)}</td></tr>`).join('');
  return `<section aria-labelledby="s-hotline">
  <h2 id="s-hotline">5. ${esc(H.section)}</h2>
  <p>${esc(H.intro(hl.hotlineNames.join(', ')))}</p>
  <table class="${hl.rows.length <= 12 ? 'short' : ''}">
    <caption>${esc(L.table(HOTLINE_TABLE))}. ${esc(H.caption(r.year))}</caption>
    <thead><tr><th scope="col">${esc(H.dimension)}</th><th scope="col">${esc(H.value)}</th><th scope="col" class="num">${esc(H.calls)}</th></tr></thead>
    <tbody>${rows || `<tr><td colspan="3">${esc(H.none)}</td></tr>`}</tbody>
  </table>
  <table class="short">
    <caption>${esc(L.table(HOTLINE_OWN_TABLE))}. ${esc(H.ownCaption(r.year))}</caption>
    <thead><tr><th scope="col">${esc(H.figure)}</th><th scope="col" class="num">${esc(H.count)}</th></tr></thead>
    <tbody><tr><th scope="row">${esc(H.ownCalls)}</th><td class="num">${n(hl.ownCalls)}</td></tr>
      <tr><th scope="row">${esc(H.forwardedIn)}</th><td class="num">${n(hl.forwardedIn)}</td></tr></tbody>
  </table>
</section>`;
}

/**
 * The last section: staffing and workload (issue 14; docs/domain.md, "The yearly report"). Numbered after the
 * hotline's section when the unit has one, so its section and table numbers follow it.
 */
function staffingSection(r: YearReport, lang: ReportLang): string {
  const st = r.staffing;
  if (!st) return '';
  const L = REPORT_LABELS[lang];
  const S = STAFFING_REPORT_LABELS[lang];
  const f = formatter(lang);
  const section = r.hotline ? 6 : 5;
  const firstTable = r.hotline ? HOTLINE_OWN_TABLE + 1 : HOTLINE_TABLE;
  const n = (v: number | null) => (v === null ? esc(S.suppressed) : f.count(v));
  const rows = st.lines.map((l) => `<tr><th scope="row">${esc(l.trackName ?? S.noTrack)}</th><td>${esc(l.fundingSource)}</td><td>${esc(l.label ?? '')}</td>
      <td class="num">${esc(formatFte(lang, l.fte))}</td><td class="num">${esc(f.dkk(l.amountDkk))}</td></tr>`).join('');
  return `<section aria-labelledby="s-staffing">
  <h2 id="s-staffing">${section}. ${esc(S.section)}</h2>
  <p>${esc(S.intro)}</p>
  <table class="short">
    <caption>${esc(L.table(firstTable))}. ${esc(S.caption(r.year))}</caption>
    <thead><tr><th scope="col">${esc(S.track)}</th><th scope="col">${esc(S.fundingSource)}</th><th scope="col">${esc(S.label)}</th>
      <th scope="col" class="num">${esc(S.fte)}</th><th scope="col" class="num">${esc(S.amount)}</th></tr></thead>
    <tbody>${rows || `<tr><td colspan="5">${esc(S.none)}</td></tr>`}</tbody>
    <tfoot><tr><th scope="row" colspan="3">${esc(S.total)}</th><td class="num">${esc(formatFte(lang, st.totalFte))}</td>
      <td class="num">${esc(f.dkk(st.lines.reduce((t, l) => t + l.amountDkk, 0)))}</td></tr></tfoot>
  </table>
  <table class="short">
    <caption>${esc(L.table(firstTable + 1))}. ${esc(S.workloadCaption(r.year))}</caption>
    <thead><tr><th scope="col">${esc(S.figure)}</th><th scope="col" class="num">${esc(S.count)}</th></tr></thead>
    <tbody>${WORKLOAD_KEYS.map((k) => `<tr><th scope="row">${esc(S.workload[k])}</th><td class="num">${n(st.workload[k])}</td></tr>`).join('')}</tbody>
  </table>
</section>`;
}

export interface RenderedReport {
  html: string;
  tables: ReportTables;
  charts: Chart[];
}

/**
 * Renders the report's HTML. onStep is told when the charts are drawn, so a job can report progress; the work is
 * synchronous and takes milliseconds.
 */
export function renderYearReportHtml(
  report: YearReport, opts: { lang?: ReportLang; unitName: string; onStep?: (step: 'charts' | 'html') => void },
): RenderedReport {
  const { lang = 'da', unitName, onStep } = opts;
  const L = REPORT_LABELS[lang];
  const f = formatter(lang);
  const tables = reportTables(report, lang);
  onStep?.('charts');
  const charts = reportCharts(tables, lang);
  onStep?.('html');
  const title = L.title(report.year);
  const html = `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<meta name="author" content="${esc(unitName)}">
<meta name="subject" content="${esc(report.planName)}">
<style>${CSS}</style>
</head>
<body>
<header>
  <h1>${esc(title)}</h1>
  <dl class="meta">
    <dt>${esc(L.unit)}</dt><dd>${esc(unitName)}</dd>
    <dt>${esc(L.plan)}</dt><dd>${esc(report.planName)}</dd>
    <dt>${esc(L.period)}</dt><dd>${report.firstYear}–${report.lastYear}</dd>
    <dt>${esc(L.generatedAt)}</dt><dd><time datetime="${esc(report.generatedAt)}">${esc(f.date(report.generatedAt))}</time></dd>
    ${report.texts ? `<dt>${esc(L.texts.addressee)}</dt><dd>${esc(report.texts.addressee)}</dd>` : ''}
  </dl>
  <p>${esc(L.intro)}</p>
  ${report.texts?.foreword ? `<section aria-labelledby="s-foreword"><h2 id="s-foreword">${esc(L.texts.foreword)}</h2>${report.texts.foreword.split(/\n\s*\n/).map((p) => `<p>${esc(p)}</p>`).join('')}</section>` : ''}
</header>
<main>
${indicatorsSection(report, tables, lang, charts)}
${caseloadSection(report, tables, lang, charts)}
${budgetSection(report, tables, lang, charts)}
${preventionSection(report, lang)}
${hotlineSection(report, lang)}
${staffingSection(report, lang)}
</main>
</body>
</html>`;
  return { html, tables, charts };
}
