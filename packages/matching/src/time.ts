import type { Instant, TimeWindow, WeeklySlot } from './types.ts';

const MINUTE = 60_000;
const DAY_MINUTES = 1440;

export function toMs(t: Instant): number {
  const ms = typeof t === 'number' ? t : Date.parse(t);
  if (!Number.isFinite(ms)) throw new RangeError(`not a time: ${String(t)}`);
  return ms;
}

export interface MsWindow {
  readonly start: number;
  readonly end: number;
}

export function toMsWindow(w: TimeWindow): MsWindow {
  return { start: toMs(w.start), end: toMs(w.end) };
}

/** Half-open windows [start, end) overlap. */
export function overlaps(a: MsWindow, b: MsWindow): boolean {
  return a.start < b.end && b.start < a.end;
}

export function hoursOf(w: MsWindow): number {
  return Math.max(0, w.end - w.start) / 3_600_000;
}

/**
 * True when the weekly slots (local time, `tzOffsetMinutes` east of UTC) cover the whole window. Adjacent or
 * overlapping slots of one weekday join; a window crossing midnight needs both days covered.
 */
export function coveredByWeeklySlots(
  w: MsWindow,
  slots: readonly WeeklySlot[],
  tzOffsetMinutes: number,
): boolean {
  if (w.end <= w.start) return true;
  let from = Math.floor(w.start / MINUTE) + tzOffsetMinutes; // local minutes since epoch
  const to = Math.ceil(w.end / MINUTE) + tzOffsetMinutes;
  while (from < to) {
    const dayIndex = Math.floor(from / DAY_MINUTES);
    const dayStart = dayIndex * DAY_MINUTES;
    const segEnd = Math.min(to, dayStart + DAY_MINUTES);
    const weekday = (((dayIndex + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
    if (!daySegmentCovered(slots, weekday, from - dayStart, segEnd - dayStart)) return false;
    from = segEnd;
  }
  return true;
}

/** Whether the slots of one weekday cover [a, b) minutes; allocation-free (a person has a handful of slots). */
function daySegmentCovered(slots: readonly WeeklySlot[], weekday: number, a: number, b: number): boolean {
  let reach = a;
  for (let grew = true; grew && reach < b;) {
    grew = false;
    for (const s of slots) {
      if (s.weekday === weekday && s.startMinute <= reach && s.endMinute > reach) {
        reach = s.endMinute;
        grew = true;
      }
    }
  }
  return reach >= b;
}

/** Hours of the week (0 = Sunday 00:00 local … 167) as a 168-bit mask in 6 words. */
export const WEEK_MASK_WORDS = 6;

function setHour(mask: Uint32Array, at: number, hour: number): void {
  const h = ((hour % 168) + 168) % 168;
  mask[at + (h >>> 5)] = (mask[at + (h >>> 5)] as number) | (1 << (h & 31));
}

/** Marks every hour of the week that some slot touches, into `mask` at word offset `at`. */
export function markSlotHours(mask: Uint32Array, at: number, slots: readonly WeeklySlot[]): void {
  for (const s of slots) {
    for (let h = Math.floor(s.startMinute / 60); h < Math.ceil(s.endMinute / 60); h++)
      setHour(mask, at, s.weekday * 24 + h);
  }
}

/**
 * The hours of the week the window touches. Slots covering the window must touch each of them, so a candidate
 * whose slot mask lacks one fails `not_available`: a cheap necessary test before the exact one.
 */
export function windowHours(w: MsWindow, tzOffsetMinutes: number): Uint32Array {
  const mask = new Uint32Array(WEEK_MASK_WORDS);
  const from = Math.floor(w.start / MINUTE) + tzOffsetMinutes;
  const to = Math.ceil(w.end / MINUTE) + tzOffsetMinutes;
  const first = Math.floor(from / 60);
  const last = Math.min(Math.ceil(to / 60), first + 168);
  // local epoch hour 0 is Thursday 00:00 = hour 96 of the week
  for (let h = first; h < last; h++) setHour(mask, 0, h + 96);
  return mask;
}
