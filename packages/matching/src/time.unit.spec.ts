import { describe, expect, it } from 'vitest';
import { generator } from './testing/generate.ts';
import {
  coveredByWeeklySlots,
  markSlotHours,
  overlaps,
  toMs,
  toMsWindow,
  WEEK_MASK_WORDS,
  windowHours,
} from './time.ts';

const cst = 480;
// Sunday 2026-11-29 23:00 → Monday 01:00 China time
const overnight = toMsWindow({ start: '2026-11-29T15:00:00Z', end: '2026-11-29T17:00:00Z' });

describe('time windows', () => {
  it('reads ISO strings and epoch milliseconds alike, and refuses garbage', () => {
    expect(toMs('1970-01-01T00:00:01Z')).toBe(1000);
    expect(toMs(1000)).toBe(1000);
    expect(() => toMs('soon')).toThrow(RangeError);
  });

  it('treats windows as half-open', () => {
    expect(overlaps({ start: 0, end: 10 }, { start: 10, end: 20 })).toBe(false);
    expect(overlaps({ start: 0, end: 11 }, { start: 10, end: 20 })).toBe(true);
  });

  it('needs both days covered for a window crossing local midnight', () => {
    const sunday = { weekday: 0, startMinute: 20 * 60, endMinute: 1440 };
    const monday = { weekday: 1, startMinute: 0, endMinute: 2 * 60 };
    expect(coveredByWeeklySlots(overnight, [sunday, monday], cst)).toBe(true);
    expect(coveredByWeeklySlots(overnight, [sunday], cst)).toBe(false);
    expect(coveredByWeeklySlots(overnight, [monday], cst)).toBe(false);
  });

  it('reads weekly slots in the configured time zone', () => {
    const mondayEarlyUtc = { weekday: 0, startMinute: 15 * 60, endMinute: 17 * 60 };
    expect(coveredByWeeklySlots(overnight, [mondayEarlyUtc], 0)).toBe(true);
  });

  it('never rejects by the hour masks a volunteer whose slots cover the window', () => {
    const g = generator(9);
    let covered = 0;
    for (let q = 0; q < 3000; q++) {
      const v = g.volunteer(q);
      const start = Date.UTC(2026, 10, 29) + Math.floor(g.r() * 7 * 96) * 900_000;
      const w = { start, end: start + (1 + Math.floor(g.r() * 12)) * 900_000 };
      const slots = new Uint32Array(WEEK_MASK_WORDS);
      markSlotHours(slots, 0, v.availability);
      const need = windowHours(w, cst);
      const maskOk = need.every((x, i) => (x & ~(slots[i] as number)) === 0);
      if (coveredByWeeklySlots(w, v.availability, cst)) {
        covered++;
        expect(maskOk).toBe(true);
      }
    }
    expect(covered).toBeGreaterThan(20);
  });
});
