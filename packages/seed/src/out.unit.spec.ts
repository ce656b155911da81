import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESETS } from './generate.ts';
import { writeDataSet } from './out.ts';

const lines = (dir: string, resource: string) =>
  readFileSync(join(dir, `${resource}.ndjson`), 'utf8')
    .trimEnd()
    .split('\n');

describe('--out', () => {
  it('writes one NDJSON file per resource, the same for the same seed', async () => {
    const a = mkdtempSync(join(tmpdir(), 'fivesoc-seed-out-'));
    const b = mkdtempSync(join(tmpdir(), 'fivesoc-seed-out-'));
    const counts = await writeDataSet(a, 5, PRESETS.demo);
    await writeDataSet(b, 5, PRESETS.demo);
    expect(counts).toMatchObject({ units: 17, volunteers: 60, donations: 20 });
    for (const [resource, n] of Object.entries(counts)) {
      expect(lines(a, resource)).toHaveLength(n);
      expect(lines(a, resource)).toEqual(lines(b, resource));
    }
    const unit = JSON.parse(lines(a, 'units')[1]!) as Record<string, string>;
    expect(unit).toEqual({
      id: unit.code,
      level: 'street',
      code: unit.code,
      name: unit.name,
      parentCode: '420106',
    });
  });

  it('never makes one resident ID number twice (a volunteer registers once per ID number)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fivesoc-seed-out-'));
    await writeDataSet(dir, 9, { ...PRESETS.demo, volunteers: 5000 });
    const ids = lines(dir, 'volunteers').map((l) => (JSON.parse(l) as { idNumber: string }).idNumber);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
