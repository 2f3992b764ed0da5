import { REPORT_LABELS, reportLabel, type ReportLang } from '../../../shared/report-i18n.ts';
import type { CaseloadRow } from '../../../shared/plans.ts';
import type { NationalStatistics } from '../../../shared/national.ts';

/**
 * The national statistics as an Excel workbook (docs/domain.md, "The national view"): one sheet for the national sum
 * and one listing every unit's table, the figures exactly as the API answers them. A withheld count is an empty cell
 * marked in the row's note column, and the explanation is under each table. exceljs is loaded on first use only.
 */
const WORDS = {
  da: {
    national: 'Landstal', units: 'Kommuner', districts: 'Politikredse', district: 'Politikreds', unit: 'Enhed', code: 'Kommunekode', offered: 'Tilbud givet', accepted: 'Tilbud taget imod',
    note: 'Note', withheld: 'Tal under 5 (og tal, der ville afsløre dem) er udeladt', period: 'Periode', optedOut: 'Enheder, der har fravalgt landstal',
    title: 'VINK – landstal for sagsforløb',
  },
  en: {
    national: 'National', units: 'Municipalities', districts: 'Police districts', district: 'Police district', unit: 'Unit', code: 'Municipality code', offered: 'Offers made', accepted: 'Offers accepted',
    note: 'Note', withheld: 'Counts under 5 (and counts that would reveal them) are withheld', period: 'Period', optedOut: 'Units that opted out',
    title: 'VINK – national caseload figures',
  },
} as const;

const pct = (n: number | null) => (n === null ? null : Math.round(n * 100) / 10_000);

export async function buildNationalWorkbook(t: NationalStatistics, lang: ReportLang, createdAt: Date): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const L = REPORT_LABELS[lang].caseload;
  const W = WORDS[lang];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'VINK';
  wb.title = W.title;
  wb.created = createdAt;
  wb.modified = createdAt;
  const counts: { header: string; width: number; fmt?: string }[] = [
    { header: L.calls, width: 14, fmt: '#,##0' }, { header: L.concerns, width: 16, fmt: '#,##0' }, { header: L.justified, width: 14, fmt: '#,##0' },
    { header: L.justifiedShare, width: 14, fmt: '0.0%' }, { header: W.offered, width: 14, fmt: '#,##0' }, { header: W.accepted, width: 16, fmt: '#,##0' },
    { header: L.coursesStarted, width: 14, fmt: '#,##0' }, { header: W.note, width: 40 },
  ];
  const cells = (r: CaseloadRow) => [r.calls, r.concerns, r.justified, pct(r.justifiedShare), r.offered, r.accepted, r.coursesStarted, r.suppressed ? W.withheld : ''];
  const label = (g: string) => (g === 'total' ? L.total : reportLabel(lang, g));
  const sheet = (name: string, lead: { header: string; width: number; fmt?: string }[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = [...lead, ...counts].map((c) => ({ header: c.header, width: c.width, style: c.fmt ? { numFmt: c.fmt } : {} }));
    ws.getRow(1).font = { bold: true };
    return ws;
  };
  const nat = sheet(W.national, [{ header: L.category, width: 28 }]);
  for (const r of t.national.rows) nat.addRow([label(r.group), ...cells(r)]);
  nat.addRow([label('total'), ...cells(t.national.total)]).font = { bold: true };
  nat.addRow([]);
  nat.addRow([`${W.period}: ${t.from} – ${t.to}`]);
  nat.addRow([`${W.optedOut}: ${t.optedOut}`]);
  nat.addRow([W.withheld]);

  const districts = sheet(W.districts, [{ header: W.district, width: 28 }]);
  for (const r of t.byPoliceDistrict) districts.addRow([r.group, ...cells(r)]);
  districts.addRow([]);
  districts.addRow([W.withheld]);

  const units = sheet(W.units, [{ header: W.unit, width: 32 }, { header: W.code, width: 12 }, { header: L.category, width: 28 }]);
  for (const u of t.units) {
    for (const r of u.rows) units.addRow([u.name, u.municipalityCode, label(r.group), ...cells(r)]);
    units.addRow([u.name, u.municipalityCode, label('total'), ...cells(u.total)]).font = { bold: true };
  }
  units.addRow([]);
  units.addRow([W.withheld]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
