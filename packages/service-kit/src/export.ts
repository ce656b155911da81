import { once } from 'node:events';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Principal, Role } from './auth.ts';
import { ForbiddenError } from './errors.ts';

/**
 * Exports (issue 15): a list as the CSV or Excel file a district office works with, written once here for
 * every service. A service gives its rows as an async iterable (a MongoDB cursor, read in chunks) and its
 * columns (key, zh-CN and en-US header, value); this writes them to a stream as they come, so a file of
 * 100,000 rows never sits in memory (see docs/benchmarks.md, `./fivesoc bench export`).
 */

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_LANGS = ['zh-CN', 'en-US'] as const;
export type ExportLang = (typeof EXPORT_LANGS)[number];

/** The query every export takes beside its list's filters (spread into a strict object). */
export const exportQuery = {
  format: z.enum(EXPORT_FORMATS).default('xlsx'),
  lang: z.enum(EXPORT_LANGS).default('zh-CN'),
};

/** The query of an export with personal columns: `personal=true` asks for them (see `personalExport`). */
export const personalExportQuery = {
  ...exportQuery,
  /** `true`: the personal columns too (names, phones), for the roles that may read them; recorded. */
  personal: z.enum(['true', 'false']).default('false'),
};

/** The 200 of an export route: a file, not JSON. */
export const exportFile = z.string().meta({
  description:
    'A file (attachment): XLSX (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet) or ' +
    'CSV (text/csv, UTF-8 with BOM)',
});

export type Cell = string | number | boolean | null | undefined;

/** One column of an export: its key, its header in both languages, and how a row gives its value. */
export interface ExportColumn<R> {
  key: string;
  zh: string;
  en: string;
  /** The cell; `lang` for a coded value written as its label (see `labelled`). */
  value: (row: R, lang: ExportLang) => Cell;
  /** Personal data (a name, a phone): written only in a personal export. */
  personal?: boolean;
}

/** The columns of an export as asked: the personal ones only when `personal`. */
export const columnsFor = <R>(columns: readonly ExportColumn<R>[], personal: boolean) =>
  columns.filter((c) => personal || !c.personal);

/** A vocabulary's Chinese labels by code (需求类别, 状态 …), kept beside the columns that write it. */
export type Labels = Readonly<Record<string, string>>;

/**
 * A coded value as an export writes it: its Chinese label in a zh-CN export (the code itself when the
 * vocabulary has no label for it, so a new code is never lost), the code in an en-US one.
 */
export const labelled = (labels: Labels, code: string | null | undefined, lang: ExportLang): Cell =>
  code === null || code === undefined || lang !== 'zh-CN' ? code : (labels[code] ?? code);

/** A list of codes as one cell, each `labelled`, joined by 、 (zh-CN) or `, ` (en-US). */
export const labelledList = (labels: Labels, codes: readonly string[], lang: ExportLang): string =>
  codes.map((c) => labelled(labels, c, lang)).join(lang === 'zh-CN' ? '、' : ', ');

/**
 * Whether the caller asked for personal columns and may have them: a role of `allowed` (a subset of the
 * roles that read that data one record at a time). Asked by anyone else: 403 naming `query.personal`.
 */
export function personalExport(
  principal: Principal,
  asked: 'true' | 'false',
  allowed: readonly Role[],
): boolean {
  if (asked !== 'true') return false;
  if (principal.roles.some((r) => allowed.includes(r))) return true;
  throw new PersonalExportForbidden();
}

class PersonalExportForbidden extends ForbiddenError {
  readonly field = 'query.personal';
  constructor() {
    super('query.personal: your role may not export personal data');
  }
}

/**
 * A spreadsheet formula in a cell is run by Excel when the CSV is opened (CSV injection, OWASP): a text
 * starting with = + - @ tab or CR gets a leading apostrophe, which Excel shows as text.
 */
export const defuse = (s: string): string => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/** One CSV field (RFC 4180): quoted when it holds a quote, a comma or a line break; quotes doubled. */
export function csvField(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') return String(v);
  const s = defuse(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const csvLine = (cells: readonly Cell[]): string => `${cells.map(csvField).join(',')}\r\n`;

const header = <R>(c: ExportColumn<R>, lang: ExportLang) => (lang === 'zh-CN' ? c.zh : c.en);

/** Waits while the reader is behind, so the file is written at the pace it is read. */
async function paced(out: Writable): Promise<void> {
  if (out.writableNeedDrain) await once(out, 'drain');
}

async function writeCsv<R>(
  out: PassThrough,
  rows: AsyncIterable<R>,
  columns: readonly ExportColumn<R>[],
  lang: ExportLang,
) {
  // The BOM tells Excel the file is UTF-8 (without it, Chinese headers open as mojibake).
  out.write(`\uFEFF${csvLine(columns.map((c) => header(c, lang)))}`);
  for await (const row of rows) {
    out.write(csvLine(columns.map((c) => c.value(row, lang))));
    await paced(out);
  }
  out.end();
}

/** One worksheet written row by row as the rows come; the zip stream and the reader are let catch up. */
async function writeSheet<R>(
  book: ExcelJS.stream.xlsx.WorkbookWriter,
  out: PassThrough,
  name: string,
  rows: AsyncIterable<R>,
  columns: readonly ExportColumn<R>[],
  lang: ExportLang,
) {
  const ws = book.addWorksheet(name.slice(0, 31));
  ws.columns = columns.map((c) => ({
    key: c.key,
    header: header(c, lang),
    width: Math.max(10, header(c, lang).length * 2),
  }));
  let n = 0;
  for await (const row of rows) {
    ws.addRow(columns.map((c) => c.value(row, lang) ?? null)).commit();
    // Let the zip stream run and the reader catch up now and then (the writer itself does not wait).
    if (++n % 200 === 0) {
      await nextTurn();
      await paced(out);
    }
  }
  ws.commit();
}

async function writeXlsx<R>(
  out: PassThrough,
  rows: AsyncIterable<R>,
  columns: readonly ExportColumn<R>[],
  lang: ExportLang,
  sheet: string,
  more: readonly ExportSheet<unknown>[],
) {
  // Streaming writer: rows are zipped as they are committed; no shared strings, no styles (both buffer).
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: false,
  });
  await writeSheet(book, out, sheet, rows, columns, lang);
  // Each further sheet's rows are read only once the one before is written (one cursor open at a time).
  for (const m of more) await writeSheet(book, out, nameOf(m.sheet, lang), m.rows(), m.columns, lang);
  await book.commit();
}

/**
 * A further worksheet of an XLSX export (a CSV is one table: it has the first sheet only). `rows` is
 * called when the sheet before it is written.
 */
export interface ExportSheet<R> {
  sheet: { zh: string; en: string };
  rows: () => AsyncIterable<R>;
  columns: readonly ExportColumn<R>[];
}

/** A further sheet for `ExportOptions.sheets`, its row type checked against its columns here. */
export const exportSheet = <R>(s: ExportSheet<R>): ExportSheet<unknown> => ({
  sheet: s.sheet,
  rows: s.rows,
  // The rows are the sheet's own (`rows` gives them), so each is an R where its columns read it.
  columns: s.columns.map((c) => ({
    ...c,
    value: (row: unknown, lang: ExportLang) => c.value(row as R, lang),
  })),
});

const nameOf = (sheet: { zh: string; en: string }, lang: ExportLang) =>
  lang === 'zh-CN' ? sheet.zh : sheet.en;

export interface ExportOptions {
  format: ExportFormat;
  lang: ExportLang;
  /** The sheet's name (XLSX), in the export's language. */
  sheet: { zh: string; en: string };
  /** Further sheets after it (XLSX only; see `exportSheet`). */
  sheets?: readonly ExportSheet<unknown>[];
}

/** The file as a stream: rows are read from `rows` as the stream is read; a failure destroys it. */
export function exportStream<R>(
  rows: AsyncIterable<R>,
  columns: readonly ExportColumn<R>[],
  o: ExportOptions,
): Readable {
  const out = new PassThrough();
  const written =
    o.format === 'csv'
      ? writeCsv(out, rows, columns, o.lang)
      : writeXlsx(out, rows, columns, o.lang, nameOf(o.sheet, o.lang), o.sheets ?? []);
  written.catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** `<name>-<yyyy-mm-dd>.<format>`, the date of the export. */
export const exportFileName = (name: string, format: ExportFormat, now = new Date()) =>
  `${name}-${now.toISOString().slice(0, 10)}.${format}`;

/** Sends an export as an attachment (RFC 6266 / 5987 file name), never cached. */
export function sendExport<R>(
  reply: FastifyReply,
  name: string,
  rows: AsyncIterable<R>,
  columns: readonly ExportColumn<R>[],
  o: ExportOptions,
) {
  const file = exportFileName(name, o.format);
  return reply
    .header('content-type', CONTENT_TYPES[o.format])
    .header(
      'content-disposition',
      `attachment; filename="${file.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file)}`,
    )
    .header('cache-control', 'no-store')
    .send(exportStream(rows, columns, o));
}

/**
 * Rows in chunks from an async source (a MongoDB cursor): what a chunk needs that a row alone would fetch
 * one by one (ledgers, personal data, the access log) is done once per chunk by `each`.
 */
export async function* inChunks<T, R>(
  source: AsyncIterable<T>,
  size: number,
  each: (chunk: T[]) => Promise<R[]>,
): AsyncGenerator<R> {
  let chunk: T[] = [];
  for await (const item of source) {
    chunk.push(item);
    if (chunk.length >= size) {
      yield* await each(chunk);
      chunk = [];
    }
  }
  if (chunk.length) yield* await each(chunk);
}

/** `fn` over `items` with at most `limit` calls in flight, results in the items' order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
