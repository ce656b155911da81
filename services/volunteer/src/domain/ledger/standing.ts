import type { LedgerEntry, LedgerState } from './decider.ts';

const DAY_MS = 86_400_000;

/**
 * Confirmed at read time: an entry counts once the volunteer confirmed it, or once `autoConfirmDays` have
 * passed since it was recorded without objection (no event is written for that; the rule is the record).
 */
export function confirmedAt(entry: LedgerEntry, now: Date, autoConfirmDays: number): string | undefined {
  if (entry.kind !== 'service') return undefined;
  if (entry.confirmedAt) return entry.confirmedAt;
  const auto = Date.parse(entry.recordedAt) + autoConfirmDays * DAY_MS;
  return auto <= now.getTime() ? new Date(auto).toISOString() : undefined;
}

/**
 * Star levels by cumulative confirmed hours: 1★ 100 h, 2★ 300 h, 3★ 600 h, 4★ 1000 h, 5★ 1500 h — the
 * thresholds of the star rating (星级认证) in the 《中国注册志愿者管理办法》; see README.
 */
const STAR_HOURS = [100, 300, 600, 1000, 1500];
export const starLevelOf = (hours: number): number => STAR_HOURS.filter((h) => hours >= h).length;

export interface Standing {
  /** Service entries that count: confirmed (or auto-confirmed) and not reversed. */
  counted: (LedgerEntry & { kind: 'service'; effectiveConfirmedAt: string })[];
  confirmedMinutes: number;
  pendingMinutes: number;
  confirmedHours: number;
  starLevel: number;
}

export function standingOf(state: LedgerState, now: Date, autoConfirmDays: number): Standing {
  const counted: Standing['counted'] = [];
  let pendingMinutes = 0;
  for (const e of state.entries) {
    if (e.kind !== 'service' || e.reversedBy) continue;
    const at = confirmedAt(e, now, autoConfirmDays);
    if (at) counted.push({ ...e, effectiveConfirmedAt: at });
    else pendingMinutes += e.minutes;
  }
  const confirmedMinutes = counted.reduce((s, e) => s + e.minutes, 0);
  const confirmedHours = Math.round((confirmedMinutes / 60) * 100) / 100;
  return {
    counted,
    confirmedMinutes,
    pendingMinutes,
    confirmedHours,
    starLevel: starLevelOf(confirmedMinutes / 60),
  };
}
