import { DEFAULT_VOLUNTEER_RULES, starLevelUnder, type VolunteerRules } from '../rules/rules.ts';
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
 * Star levels by cumulative counted hours under the default thresholds (1★ 100 h … 5★ 1500 h, the 2012
 * 《志愿服务记录办法》); a district's own rules are passed to `standingOf`.
 */
export const starLevelOf = (hours: number): number =>
  starLevelUnder(DEFAULT_VOLUNTEER_RULES.starThresholds, hours);

/** Whether an entry's nature counts under the rules (entries recorded before natures existed are voluntary). */
export const countsUnder = (rules: VolunteerRules, entry: LedgerEntry): boolean =>
  entry.kind === 'service' && rules.countedNatures.includes(entry.nature ?? 'voluntary');

export interface Standing {
  /** Service entries that count: confirmed (or auto-confirmed) and not reversed. */
  counted: (LedgerEntry & { kind: 'service'; effectiveConfirmedAt: string })[];
  confirmedMinutes: number;
  pendingMinutes: number;
  confirmedHours: number;
  /** Confirmed, unreversed minutes of a nature the rules do not count (a staff member's workday duties). */
  notCountedMinutes: number;
  starLevel: number;
}

export function standingOf(
  state: LedgerState,
  now: Date,
  autoConfirmDays: number,
  rules: VolunteerRules = DEFAULT_VOLUNTEER_RULES,
): Standing {
  const counted: Standing['counted'] = [];
  let pendingMinutes = 0;
  let notCountedMinutes = 0;
  for (const e of state.entries) {
    if (e.kind !== 'service' || e.reversedBy) continue;
    const at = confirmedAt(e, now, autoConfirmDays);
    if (!at) pendingMinutes += e.minutes;
    else if (countsUnder(rules, e)) counted.push({ ...e, effectiveConfirmedAt: at });
    else notCountedMinutes += e.minutes;
  }
  const confirmedMinutes = counted.reduce((s, e) => s + e.minutes, 0);
  const confirmedHours = Math.round((confirmedMinutes / 60) * 100) / 100;
  return {
    counted,
    confirmedMinutes,
    pendingMinutes,
    confirmedHours,
    notCountedMinutes,
    starLevel: starLevelUnder(rules.starThresholds, confirmedMinutes / 60),
  };
}
