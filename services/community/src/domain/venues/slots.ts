/** Minutes since midnight of an HH:MM time. */
export const minutes = (t: string): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
export const hhmmOf = (m: number): string =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export interface Slot {
  start: string;
  end: string;
}

/** Two half-open intervals [start, end) overlap; back-to-back slots do not. */
export const overlaps = (a: Slot, b: Slot): boolean =>
  minutes(a.start) < minutes(b.end) && minutes(b.start) < minutes(a.end);

/** The free gaps of a day between opening and closing, around the day's bookings. */
export function freeSlots(opensAt: string, closesAt: string, booked: readonly Slot[]): Slot[] {
  const sorted = [...booked].sort((a, b) => minutes(a.start) - minutes(b.start));
  const free: Slot[] = [];
  let at = minutes(opensAt);
  for (const b of sorted) {
    if (minutes(b.start) > at) free.push({ start: hhmmOf(at), end: b.start });
    at = Math.max(at, minutes(b.end));
  }
  if (minutes(closesAt) > at) free.push({ start: hhmmOf(at), end: closesAt });
  return free;
}
