import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IllegalStateError, ValidationError } from './errors.ts';
import { importNdjson } from './ndjsonImport.ts';

const record = z.strictObject({ key: z.string().min(1), n: z.number().int().default(0) });
const apply = async (r: z.infer<typeof record>) => {
  if (r.n < 0) throw new ValidationError('n', 'must not be negative');
  if (r.n > 9) throw new IllegalStateError('too late for that');
  return { id: r.key, status: r.key.startsWith('old') ? ('duplicate' as const) : ('accepted' as const) };
};
const run = (text: string) => importNdjson(text, record, apply, () => undefined);

describe('importNdjson', () => {
  it('reports each line, naming the field of a refused one, and never stops at a bad line', async () => {
    const text = [
      '{"key":"a"}',
      'not json',
      '',
      '{"key":"b","extra":1}',
      '{"key":"c","n":-1}',
      '{"key":"d","n":10}',
      '{"key":"old-e"}',
      '[1]',
    ].join('\n');
    expect(await run(text)).toEqual({
      accepted: 1,
      duplicate: 1,
      rejected: 5,
      lines: [
        { line: 1, id: 'a', status: 'accepted' },
        { line: 2, id: null, status: 'rejected', reason: 'not a JSON object' },
        {
          line: 4,
          id: null,
          status: 'rejected',
          field: 'extra',
          reason: expect.stringMatching(/^extra: /) as string,
        },
        { line: 5, id: null, status: 'rejected', field: 'n', reason: 'n: must not be negative' },
        { line: 6, id: null, status: 'rejected', reason: 'too late for that' },
        { line: 7, id: 'old-e', status: 'duplicate' },
        { line: 8, id: null, status: 'rejected', reason: 'not a JSON object' },
      ],
    });
  });

  it('takes at most 2,000 lines and says so', async () => {
    const r = await run(Array.from({ length: 2001 }, (_, i) => `{"key":"k${i}"}`).join('\n'));
    expect(r.accepted).toBe(2000);
    expect(r.lines.at(-1)).toMatchObject({
      line: 2001,
      status: 'rejected',
      reason: 'at most 2000 lines per upload',
    });
  });
});
