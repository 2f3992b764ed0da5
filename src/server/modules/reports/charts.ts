import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, AriaComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { REPORT_LABELS, type ReportLang } from '../../../shared/report-i18n.ts';
import { formatter } from './format.ts';
import { TABLE, type ReportTables } from './tables.ts';

echarts.use([BarChart, GridComponent, LegendComponent, AriaComponent, SVGRenderer]);

/**
 * The report's charts, drawn on the server as SVG strings with ECharts' server-side renderer (no DOM, no browser).
 * The titles and text alternatives are not part of the SVG: html.ts puts them in the figure's caption and aria-label,
 * where the tagged PDF and screen readers find them. Series are told apart by pattern (decal) and by value labels as
 * well as colour, so the charts still read in black and white.
 */
export interface Chart {
  id: string;
  title: string;
  alt: string;
  svg: string;
}

const FONT = 'Liberation Sans, Arial, Helvetica, sans-serif';
// Dark blue and orange: distinguishable for the common colour-vision deficiencies, each ≥ 3:1 against white.
const COLORS = ['#1f4e79', '#c55a11'];
const WIDTH = 680;

function render(option: echarts.EChartsCoreOption, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  try {
    chart.setOption({
      animation: false,
      color: COLORS,
      textStyle: { fontFamily: FONT, fontSize: 12, color: '#1a1a1a' },
      aria: { enabled: true, decal: { show: true } },
      ...option,
    });
    // The figure around the SVG carries the text alternative; the drawing itself is hidden from assistive technology.
    return chart.renderToSVGString().replace('<svg ', '<svg aria-hidden="true" focusable="false" ');
  } finally {
    chart.dispose();
  }
}

/** Labels are wrapped over lines, never cut (D23); only an extreme label is shortened, at a word, after 4 lines' worth. */
const shorten = (s: string, n = 140) => (s.length > n ? `${s.slice(0, s.lastIndexOf(' ', n - 1) > 0 ? s.lastIndexOf(' ', n - 1) : n - 1)} …` : s);
const WRAP = { width: 230, overflow: 'break' as const, lineHeight: 13 };

/** Builds the charts that have data: percentage indicators, the caseload funnel, budget against spending by track. */
export function reportCharts(t: ReportTables, lang: ReportLang = 'da'): Chart[] {
  const L = REPORT_LABELS[lang];
  const f = formatter(lang);
  const charts: Chart[] = [];
  const valueLabel = (fmt: (n: number) => string) => ({
    show: true, position: 'right' as const, fontSize: 10, formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? fmt(p.value) : ''),
  });

  const pct = t.indicators.filter((i) => i.unit === 'share' && i.comparison !== 'done' && i.target !== null);
  if (pct.length > 0) {
    const labels = pct.map((i) => shorten(i.label)).reverse();
    charts.push({
      id: 'chart-indicators',
      title: L.charts.indicatorsTitle,
      alt: `${L.charts.indicatorsAlt(pct.length)} ${L.charts.seeTable(TABLE.indicators)}`,
      svg: render({
        legend: { top: 0, data: [L.charts.targetSeries, L.charts.actualSeries] },
        grid: { left: 8, right: 60, top: 30, bottom: 8 },
        xAxis: { type: 'value', max: 100, axisLabel: { formatter: (v: number) => f.percent(v) } },
        yAxis: { type: 'category', data: labels, axisLabel: WRAP },
        series: [
          { name: L.charts.targetSeries, type: 'bar', data: pct.map((i) => i.target).reverse(), label: valueLabel(f.percent) },
          { name: L.charts.actualSeries, type: 'bar', data: pct.map((i) => i.actual ?? '-').reverse(), label: valueLabel(f.percent) },
        ],
      }, 60 + pct.length * 64),
    });
  }

  const k = t.keyFigures;
  const funnel = [k[0]!, k[1]!, k[2]!, k[4]!];
  charts.push({
    id: 'chart-funnel',
    title: L.charts.funnelTitle,
    alt: `${L.charts.funnelAlt(...(funnel.map((x) => f.count(x.value)) as [string, string, string, string]))} ${L.charts.seeTable(TABLE.keyFigures)}`,
    svg: render({
      grid: { left: 8, right: 60, top: 10, bottom: 8 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: funnel.map((x) => x.label).reverse() },
      series: [{ type: 'bar', name: L.caseload.value, data: funnel.map((x) => x.value ?? '-').reverse(), label: valueLabel((n) => f.count(n)) }],
    }, 200),
  });

  if (t.budgetByTrack.length > 0) {
    const rows = [...t.budgetByTrack].reverse();
    const mio = (n: number) => `${new Intl.NumberFormat(f.locale, { maximumFractionDigits: 2 }).format(n / 1_000_000)} mio.`;
    charts.push({
      id: 'chart-budget',
      title: L.charts.budgetTitle,
      alt: `${L.charts.budgetAlt(f.dkk(t.budgetTotal.budgetDkk), f.dkk(t.budgetTotal.spentDkk))} ${L.charts.seeTable(TABLE.budgetByTrack)}`,
      svg: render({
        legend: { top: 0, data: [L.charts.budgetSeries, L.charts.spentSeries] },
        grid: { left: 8, right: 70, top: 30, bottom: 8 },
        xAxis: { type: 'value', axisLabel: { formatter: mio } },
        yAxis: { type: 'category', data: rows.map((x) => shorten(x.label)), axisLabel: WRAP },
        series: [
          { name: L.charts.budgetSeries, type: 'bar', data: rows.map((x) => x.budgetDkk), label: valueLabel(mio) },
          { name: L.charts.spentSeries, type: 'bar', data: rows.map((x) => x.spentDkk), label: valueLabel(mio) },
        ],
      }, 60 + rows.length * 50),
    });
  }
  return charts;
}
