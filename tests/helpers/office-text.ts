import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';

/** The bytes of one entry of a zip file (an .docx or .xlsx), found by its local file header and inflated with node:zlib. */
function zipEntry(zip: Buffer, entry: string): Buffer {
  for (let at = zip.indexOf('PK\x03\x04', 0, 'latin1'); at >= 0; at = zip.indexOf('PK\x03\x04', at + 4, 'latin1')) {
    const method = zip.readUInt16LE(at + 8);
    const size = zip.readUInt32LE(at + 18);
    const nameLen = zip.readUInt16LE(at + 26);
    const extraLen = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 30, at + 30 + nameLen).toString('utf8');
    if (name !== entry) continue;
    const data = zip.subarray(at + 30 + nameLen + extraLen, at + 30 + nameLen + extraLen + size);
    return method === 8 ? inflateRawSync(data) : data;
  }
  throw new Error(`no ${entry} in the file`);
}

/** The text of a Word file's body (word/document.xml), a line per paragraph, with XML entities decoded. */
export function docxText(docx: Buffer): string {
  const xml = zipEntry(docx, 'word/document.xml').toString('utf8');
  const text = xml.replace(/<w:p[ >][^]*?<\/w:p>/g, (p) => `${p.replace(/<[^>]+>/g, '')}\n`).replace(/<[^>]+>/g, '');
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&').replace(/\u00a0/g, ' ');
}

/** Every cell of a workbook as text, by sheet name: what a reader of the .xlsx sees in its cells. */
export async function xlsxCells(xlsx: Buffer): Promise<Map<string, string[]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as never);
  const sheets = new Map<string, string[]>();
  for (const ws of wb.worksheets) {
    const cells: string[] = [];
    ws.eachRow((row) => row.eachCell((cell) => cells.push(cell.text)));
    sheets.set(ws.name, cells);
  }
  return sheets;
}
