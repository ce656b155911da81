import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { parseCsv, readExport } from '@fivesoc/test-support';
import { describe, expect, it } from 'vitest';
import {
  columnsFor,
  csvField,
  exportSheet,
  exportStream,
  inChunks,
  labelled,
  labelledList,
  type ExportColumn,
} from './export.ts';

interface Row {
  id: string;
  name: string;
  hours: number;
}
const columns: ExportColumn<Row>[] = [
  { key: 'id', zh: '编号', en: 'ID', value: (r) => r.id },
  { key: 'name', zh: '姓名', en: 'Name', value: (r) => r.name, personal: true },
  { key: 'hours', zh: '志愿服务时长', en: 'Hours', value: (r) => r.hours },
];
const rows: Row[] = [
  { id: 'v-1', name: '张三', hours: 12.5 },
  { id: 'v-2', name: '=HYPERLINK("x")', hours: -1 },
  { id: 'v-3', name: 'a,b\r\n"c"', hours: 0 },
];
const sheet = { zh: '志愿者', en: 'Volunteers' };

async function* each<T>(items: T[]) {
  for (const i of items) yield i;
}

describe('exports', () => {
  it('quotes CSV fields as RFC 4180 says and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+86 138')).toBe("'+86 138");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
  });

  it('writes CSV in UTF-8 with a BOM and zh-CN headers, CRLF lines', async () => {
    const out = await buffer(exportStream(each(rows), columns, { format: 'csv', lang: 'zh-CN', sheet }));
    expect([...out.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = out.toString('utf8').slice(1);
    expect(text.split('\r\n')[0]).toBe('编号,姓名,志愿服务时长');
    expect(text).toContain(`v-2,"'=HYPERLINK(""x"")",-1\r\n`);
    expect(text).toContain('v-3,"a,b\r\n""c""",0\r\n');
    expect(parseCsv(text)[3]).toEqual(['v-3', 'a,b\r\n"c"', '0']);
  });

  it('writes a coded value as its Chinese label in zh-CN and as the code in en-US', async () => {
    const labels = { reported: '已上报', withdrawn: '已撤回' };
    const coded: ExportColumn<{ status: string; tags: string[] }>[] = [
      { key: 'status', zh: '状态', en: 'Status', value: (r, lang) => labelled(labels, r.status, lang) },
      { key: 'tags', zh: '标签', en: 'Tags', value: (r, lang) => labelledList(labels, r.tags, lang) },
    ];
    const data = [{ status: 'withdrawn', tags: ['reported', 'new_code'] }];
    const read = async (lang: 'zh-CN' | 'en-US') =>
      readExport(await buffer(exportStream(each(data), coded, { format: 'xlsx', lang, sheet })), 'xlsx');
    // A code the vocabulary has no word for is written as it is, never dropped.
    expect((await read('zh-CN'))[1]).toEqual(['已撤回', '已上报、new_code']);
    expect((await read('en-US'))[1]).toEqual(['withdrawn', 'reported, new_code']);
    expect(labelled(labels, null, 'zh-CN')).toBeNull();
  });

  it('writes further sheets after the first in an XLSX, each read only once the one before is written', async () => {
    const read: string[] = [];
    async function* tracked<T>(name: string, items: T[]) {
      for (const i of items) {
        read.push(name);
        yield i;
      }
    }
    const entries = exportSheet<{ n: number }>({
      sheet: { zh: '台账', en: 'Ledger' },
      rows: () => tracked('entries', [{ n: 1 }, { n: 2 }]),
      columns: [{ key: 'n', zh: '序号', en: 'No.', value: (r) => r.n }],
    });
    const o = { format: 'xlsx' as const, lang: 'zh-CN' as const, sheet, sheets: [entries] };
    const out = await buffer(exportStream(tracked('rows', rows), columnsFor(columns, false), o));
    expect(read).toEqual(['rows', 'rows', 'rows', 'entries', 'entries']);
    expect((await readExport(out, 'xlsx', 0))[0]).toEqual(['编号', '志愿服务时长']);
    expect(await readExport(out, 'xlsx', '台账')).toEqual([['序号'], ['1'], ['2']]);
    // A CSV is one table: the first sheet only.
    const csv = await buffer(exportStream(each(rows), columns, { ...o, format: 'csv' }));
    expect(parseCsv(csv.toString('utf8').slice(1))).toHaveLength(4);
  });

  it('writes an XLSX that reads back, in the language asked, without the personal columns', async () => {
    const cols = columnsFor(columns, false);
    const out = await buffer(exportStream(each(rows), cols, { format: 'xlsx', lang: 'en-US', sheet }));
    expect(await readExport(out, 'xlsx')).toEqual([
      ['ID', 'Hours'],
      ['v-1', '12.5'],
      ['v-2', '-1'],
      ['v-3', '0'],
    ]);
  });

  it('ends the stream with the error when the rows fail half way', async () => {
    async function* failing() {
      yield rows[0]!;
      throw new Error('cursor lost');
    }
    await expect(
      buffer(exportStream(failing(), columns, { format: 'csv', lang: 'zh-CN', sheet })),
    ).rejects.toThrow('cursor lost');
  });

  it('hands rows to a chunk step in chunks, the last one short', async () => {
    const sizes: number[] = [];
    const out: number[] = [];
    for await (const n of inChunks(Readable.from([1, 2, 3, 4, 5]), 2, async (c: number[]) => {
      sizes.push(c.length);
      return c.map((x) => x * 10);
    }))
      out.push(n);
    expect(sizes).toEqual([2, 2, 1]);
    expect(out).toEqual([10, 20, 30, 40, 50]);
  });
});
