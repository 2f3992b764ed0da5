import sheetDa from '../../../web/i18n/da/exports.json' with { type: 'json' };
import vocabDa from '../../../web/i18n/da/vocab.json' with { type: 'json' };
import casesDa from '../../../web/i18n/da/cases.json' with { type: 'json' };

/**
 * A list as an Excel workbook (docs/architecture.md, "Exports of a list"), in Danish, with the words the screens use
 * (the web app's own vocabulary files). The first sheet says on its first row how many of the list's rows it holds
 * and, when the ceiling cut it, how many are missing; then the header row (bold, frozen) and one row per record.
 * Times are Danish wall-clock times stored as Excel dates. A second sheet names the list, the filters, the sort, the
 * counts, the ceiling and when it was made.
 */
const L = sheetDa.exports.sheet;
type Dict = Record<string, unknown>;
const V = vocabDa.vocab as Dict;
const C = casesDa.cases as Dict;

function word(dict: unknown, code: string | null | undefined): string {
  if (code === null || code === undefined) return '';
  const v = (dict as Dict | undefined)?.[code];
  return typeof v === 'string' ? v : code;
}
const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? ''));
const count = (n: number) => new Intl.NumberFormat('da-DK').format(n);
const yesNo = (b: boolean | null) => (b === null ? '' : b ? L.yes : L.no);

const TZ_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});
/** The Danish wall-clock time of an instant as a Date whose UTC fields hold it: Excel has no time zones. */
export function copenhagenWallTime(at: string | Date | null): Date | null {
  if (at === null) return null;
  const p = Object.fromEntries(TZ_PARTS.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  return new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)));
}
const DATE_TIME = 'dd-mm-yyyy hh:mm';
const DATE = 'dd-mm-yyyy';

export interface Column { header: string; width: number; numFmt?: string }
export interface ListExport {
  kind: 'concerns' | 'cases';
  columns: Column[];
  rows: (string | number | Date | null)[][];
  total: number;
  ceiling: number;
  /** The filters as (name code, value already in words). */
  filters: [string, string][];
  sort: string;
  madeAt: Date;
}

/** Builds the workbook; the bytes are an .xlsx file. exceljs is loaded on first use (docs/architecture.md, "Embedded mode"). */
export async function buildListWorkbook(x: ListExport): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'VINK';
  wb.title = L[x.kind];
  wb.created = x.madeAt;
  wb.modified = x.madeAt;
  const rows = x.rows.length;
  const status = rows < x.total
    ? fill(L.cutRows, { rows: count(rows), total: count(x.total), max: count(x.ceiling), missing: count(x.total - rows) })
    : fill(L.allRows, { rows: count(rows), total: count(x.total) });

  const ws = wb.addWorksheet(L[x.kind], { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = x.columns.map((c) => ({ width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  const first = ws.getRow(1);
  first.getCell(1).value = status;
  first.font = { bold: rows < x.total, italic: rows === x.total };
  const head = ws.getRow(2);
  head.values = x.columns.map((c) => c.header);
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', wrapText: true };
  head.eachCell((cell) => { cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } }; });
  for (const r of x.rows) ws.addRow(r);
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: x.columns.length } };

  const about = wb.addWorksheet(L.about);
  about.columns = [{ width: 26 }, { width: 90 }];
  about.addRow([L.list, L[x.kind]]);
  about.addRow([L.filters, x.filters.length ? x.filters.map(([k, v]) => `${word(L.filterNames, k)}: ${v}`).join('; ') : L.noFilters]);
  about.addRow([L.sort, word(L.sorts, x.sort)]);
  about.addRow([L.rows, rows]);
  about.addRow([L.total, x.total]);
  about.addRow([L.ceiling, x.ceiling]);
  const made = about.addRow([L.madeAt, copenhagenWallTime(x.madeAt)]);
  made.getCell(2).numFmt = DATE_TIME;
  made.getCell(2).alignment = { horizontal: 'left' };
  about.addRow([]);
  about.addRow([status]).font = { italic: true };
  about.addRow([L.confidential]).font = { italic: true };
  about.getColumn(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const concernColumns = (): Column[] => {
  const k = L.concernColumns;
  return [
    { header: k.number, width: 16 }, { header: k.receivedAt, width: 18, numFmt: DATE_TIME }, { header: k.channel, width: 18 },
    { header: k.severity, width: 12 }, { header: k.ideology, width: 22 }, { header: k.status, width: 22 },
    { header: k.deadlineAt, width: 18, numFmt: DATE_TIME }, { header: k.overdue, width: 12 }, { header: k.triagedAt, width: 18, numFmt: DATE_TIME },
    { header: k.handledInTime, width: 14 },
  ];
};

export const caseColumns = (): Column[] => {
  const k = L.caseColumns;
  return [
    { header: k.number, width: 16 }, { header: k.title, width: 40 }, { header: k.status, width: 14 }, { header: k.level, width: 22 },
    { header: k.ideology, width: 22 }, { header: k.owner, width: 26 }, { header: k.createdAt, width: 14, numFmt: DATE },
    { header: k.updatedAt, width: 18, numFmt: DATE_TIME },
  ];
};

/** Words for the codes in the sheets (the screens' Danish). */
export const da = {
  channel: (c: string) => word(V.concernChannel, c),
  severity: (c: string) => word(V.severity, c),
  ideology: (c: string | null) => word(V.ideology, c),
  concernStatus: (c: string) => word(V.concernStatus, c),
  caseStatus: (c: string) => word(C.statusName, c),
  level: (c: string) => word(C.level, c),
  caseIdeology: (c: string | null) => word(C.ideology, c),
  yesNo,
};
