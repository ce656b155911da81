import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';

/**
 * An export read back as a table of text (header row first), for specs: an XLSX through exceljs, a CSV
 * (UTF-8 with BOM, RFC 4180) by a small parser. Numbers come back as their text. `sheet`: an XLSX's
 * worksheet by position (the first by default) or by name.
 */
export async function readExport(
  body: Buffer,
  format: 'csv' | 'xlsx',
  sheet: number | string = 0,
): Promise<string[][]> {
  if (format === 'csv') return parseCsv(body.toString('utf8').replace(/^\uFEFF/, ''));
  const book = new ExcelJS.Workbook();
  await book.xlsx.read(Readable.from([body]));
  const ws = typeof sheet === 'string' ? book.getWorksheet(sheet) : book.worksheets[sheet];
  if (!ws) return [];
  const table: string[][] = [];
  ws.eachRow((row) => {
    const cells: string[] = [];
    for (let i = 1; i <= ws.columnCount; i++) {
      const v = row.getCell(i).value;
      cells.push(v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
    }
    table.push(cells);
  });
  return table;
}

/** RFC 4180: fields split by commas, records by CRLF, quoted fields may hold both and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted || (c !== ',' && c !== '\r')) field += c;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (text[i + 1] === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}
