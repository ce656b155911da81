/**
 * Export benchmark (issue 15): 100,000 volunteers written as XLSX through the project's export path
 * (`exportStream`, exceljs's streaming writer) to a null sink, beside the raw baseline of the same rows in
 * the same run: exceljs's plain `Workbook` with `xlsx.writeBuffer()` (the whole file built in memory).
 * Also the project's CSV path, 10,000 rows of each (so flat memory shows), and the streamed XLSX from a
 * real collection on the native stack when MONGODB_URL is set. Each variant runs in a child process of its
 * own, so peak RSS (`process.resourceUsage().maxRSS`) is that variant's alone.
 *
 * `./fivesoc bench export` (or `pnpm bench:export` here). BENCH_EXPORT_ROWS sets the big count (100,000),
 * BENCH_EXPORT_DB_ROWS the collection's (20,000; 0 skips it).
 */
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { MongoClient } from 'mongodb';
import { exportStream } from '@fivesoc/service-kit';
import { VOLUNTEER_COLUMNS, VOLUNTEER_SHEET, type VolunteerExportRow } from '../src/exports/columns.ts';

type Variant = 'streamed-xlsx' | 'buffered-xlsx' | 'streamed-csv' | 'collection-xlsx';
const SKILLS = ['medical', 'elder_care', 'translation', 'tutoring', 'legal'];

function rowAt(i: number): VolunteerExportRow {
  const c = String(i % 40).padStart(3, '0');
  return {
    id: `v-${String(i).padStart(7, '0')}`,
    name: `志愿者${i}`,
    phone: `138${String(i).padStart(8, '0')}`,
    districtCode: '110105',
    streetCode: `110105${c.slice(0, 3)}`,
    communityCode: `110105${c}001`,
    skills: [SKILLS[i % 5]!, SKILLS[(i + 2) % 5]!],
    languages: ['zh'],
    weekdays: [1 + (i % 7), 1 + ((i + 3) % 7)],
    registeredAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
    confirmedHours: (i % 2000) / 2,
    pendingHours: i % 5,
    starLevel: [0, 1, 2, 3, 4, 5][i % 6]!,
  };
}

async function* generated(n: number) {
  for (let i = 0; i < n; i++) yield rowAt(i);
}

const nullSink = () => {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  return { sink, bytes: () => bytes };
};

const opts = (format: 'csv' | 'xlsx') => ({ format, lang: 'zh-CN' as const, sheet: VOLUNTEER_SHEET });

async function runVariant(variant: Variant, rows: number): Promise<number> {
  const { sink, bytes } = nullSink();
  switch (variant) {
    case 'streamed-xlsx':
      await pipeline(exportStream(generated(rows), VOLUNTEER_COLUMNS, opts('xlsx')), sink);
      return bytes();
    case 'streamed-csv':
      await pipeline(exportStream(generated(rows), VOLUNTEER_COLUMNS, opts('csv')), sink);
      return bytes();
    case 'buffered-xlsx': {
      const book = new ExcelJS.Workbook();
      const ws = book.addWorksheet(VOLUNTEER_SHEET.zh);
      ws.columns = VOLUNTEER_COLUMNS.map((c) => ({ key: c.key, header: c.zh }));
      for await (const r of generated(rows))
        ws.addRow(VOLUNTEER_COLUMNS.map((c) => c.value(r, 'zh-CN') ?? null));
      return (await book.xlsx.writeBuffer()).byteLength;
    }
    case 'collection-xlsx':
      return collectionVariant(rows, sink, bytes);
    default: {
      const unreachable: never = variant;
      return unreachable;
    }
  }
}

/** Rows put into a fresh collection first (not timed), then read by a cursor in `_id` order and streamed. */
async function collectionVariant(rows: number, sink: Writable, bytes: () => number): Promise<number> {
  const client = await MongoClient.connect(process.env.MONGODB_URL!);
  const db = client.db(`bench_export_${process.pid}`);
  try {
    const coll = db.collection<VolunteerExportRow & { _id: string }>('volunteer_export');
    for (let i = 0; i < rows; i += 1000) {
      const batch = Array.from({ length: Math.min(1000, rows - i) }, (_, k) => {
        const r = rowAt(i + k);
        return { _id: r.id, ...r };
      });
      await coll.insertMany(batch);
    }
    const start = performance.now();
    const cursor = coll
      .find({}, { projection: { _id: 0 } })
      .sort({ _id: 1 })
      .batchSize(1000);
    await pipeline(exportStream(cursor, VOLUNTEER_COLUMNS, opts('xlsx')), sink);
    process.stdout.write(`${JSON.stringify({ streamMs: performance.now() - start })}\n`);
    return bytes();
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

interface Result {
  ms: number;
  maxRssMiB: number;
  bytes: number;
  streamMs?: number;
}

function child(variant: Variant, rows: number): Result {
  const r = spawnSync(
    process.execPath,
    [...process.execArgv, import.meta.filename, '--child', variant, String(rows)],
    {
      encoding: 'utf8',
      env: process.env,
      maxBuffer: 1 << 20,
    },
  );
  if (r.status !== 0) throw new Error(`${variant} ${rows}: ${r.stderr}`);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Partial<Result>);
  return Object.assign({}, ...lines) as Result;
}

const ci = process.argv.indexOf('--child');
if (ci > 0) {
  const variant = process.argv[ci + 1] as Variant;
  const rows = Number(process.argv[ci + 2]);
  const start = performance.now();
  const bytes = await runVariant(variant, rows);
  const ms = performance.now() - start;
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ms, maxRssMiB, bytes })}\n`);
} else {
  const big = Number(process.env.BENCH_EXPORT_ROWS ?? 100_000);
  const dbRows = Number(process.env.BENCH_EXPORT_DB_ROWS ?? 20_000);
  console.log(
    `export benchmark: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, ${VOLUNTEER_COLUMNS.length} columns`,
  );
  const plan: [Variant, number][] = [
    ['streamed-xlsx', 10_000],
    ['streamed-xlsx', big],
    ['buffered-xlsx', 10_000],
    ['buffered-xlsx', big],
    ['streamed-csv', big],
    ...(process.env.MONGODB_URL && dbRows > 0 ? [['collection-xlsx', dbRows] as [Variant, number]] : []),
  ];
  console.log('variant          rows      time (s)  rows/s    peak RSS (MiB)  file (MiB)');
  for (const [variant, rows] of plan) {
    const r = child(variant, rows);
    const secs = (r.streamMs ?? r.ms) / 1000;
    console.log(
      `${variant.padEnd(16)} ${String(rows).padEnd(9)} ${secs.toFixed(2).padEnd(9)} ${String(Math.round(rows / secs)).padEnd(9)} ${r.maxRssMiB.toFixed(0).padEnd(15)} ${(r.bytes / 2 ** 20).toFixed(1)}`,
    );
  }
}
