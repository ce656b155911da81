import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { lines, destination };
}

describe('logger', () => {
  it('masks personal fields at any depth and keeps the rest', () => {
    const { lines, destination } = capture();
    const log = createLogger({ service: 'community', level: 'info', destination });
    log.info(
      {
        needId: 'need-1',
        resident: {
          name: '张三',
          phone: '13800000000',
          idNumber: '110101199003071234',
          household: { address: '幸福路1号' },
        },
        req: { headers: { authorization: 'Bearer secret' } },
      },
      'need reported',
    );
    const text = lines.join('');
    for (const secret of ['张三', '13800000000', '110101199003071234', '幸福路1号', 'Bearer secret']) {
      expect(text).not.toContain(secret);
    }
    const entry = JSON.parse(text) as Record<string, unknown>;
    expect(entry).toMatchObject({
      service: 'community',
      level: 'info',
      needId: 'need-1',
      msg: 'need reported',
    });
    expect((entry.resident as Record<string, unknown>).name).toBe('[redacted]');
  });
});
