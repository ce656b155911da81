import type { OrganizationEvent } from './events.ts';
import type { OrganizationState } from './state.ts';
import { DAY_MS } from './values.ts';

/** The periods of the ways out (有进有出), from the service's configuration. */
export interface LifecycleConfig {
  /** No report and no other activity for this long → abnormal-activity list. */
  inactivityDays: number;
  /** On the abnormal list this long → zombie flag. */
  zombieAfterDays: number;
  /** Flagged zombie this long → exit notice. */
  exitNoticeAfterDays: number;
  /** The notice's deadline: report before it to recover, else the organization exits. */
  exitDeadlineDays: number;
}

export const defaultLifecycle: LifecycleConfig = {
  inactivityDays: 730,
  zombieAfterDays: 180,
  exitNoticeAfterDays: 30,
  exitDeadlineDays: 90,
};

/** The annual report for year Y is due by 30 June of Y+1 (missing from 1 July). */
export const reportDueAt = (year: number): number => Date.UTC(year + 1, 6, 1);

/** The first year since registration whose report is not filed. */
export function firstUnfiledYear(s: OrganizationState): number | undefined {
  if (!s.registeredAt) return undefined;
  const filed = new Set(s.reports.map((r) => r.year));
  let y = new Date(s.registeredAt).getUTCFullYear();
  while (filed.has(y)) y++;
  return y;
}

/** Reports that are due by `now` and not filed. */
export function overdueYears(s: OrganizationState, now: Date): number[] {
  if (!s.registeredAt) return [];
  const filed = new Set(s.reports.map((r) => r.year));
  const out: number[] = [];
  for (let y = new Date(s.registeredAt).getUTCFullYear(); reportDueAt(y) <= now.getTime(); y++)
    if (!filed.has(y)) out.push(y);
  return out;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** When a normal organization becomes abnormal, and why: the earlier of a missed report and inactivity. */
function abnormalAt(s: OrganizationState, config: LifecycleConfig) {
  const year = firstUnfiledYear(s);
  const missed = year === undefined ? Infinity : reportDueAt(year);
  const idle = s.lastActivityAt ? Date.parse(s.lastActivityAt) + config.inactivityDays * DAY_MS : Infinity;
  return missed <= idle
    ? { at: missed, reason: 'missed_report' as const, year }
    : { at: idle, reason: 'no_activity' as const, year: undefined };
}

/**
 * The time-driven steps due by `now`, each dated when it fell due, in order. A run after downtime gets
 * every step missed since (catch-up); a run with nothing due gets none, which is what makes a second
 * scheduler's run after the first a no-op.
 */
export function dueTransitions(
  state: OrganizationState,
  now: Date,
  config: LifecycleConfig,
): OrganizationEvent[] {
  if (state.registration !== 'registered' && state.registration !== 'filed') return [];
  const out: OrganizationEvent[] = [];
  let activity = state.activity;
  let since = state.activitySince ? Date.parse(state.activitySince) : 0;
  let deadline = state.exitDeadline ? Date.parse(state.exitDeadline) : Infinity;
  const t = now.getTime();
  for (;;) {
    if (activity === 'normal') {
      const due = abnormalAt(state, config);
      if (due.at > t) break;
      out.push({
        type: 'MarkedAbnormal',
        payload: {
          at: iso(due.at),
          reason: due.reason,
          ...(due.year !== undefined ? { year: due.year } : {}),
        },
      });
      [activity, since] = ['abnormal', due.at];
    } else if (activity === 'abnormal') {
      const at = since + config.zombieAfterDays * DAY_MS;
      if (at > t) break;
      out.push({ type: 'FlaggedZombie', payload: { at: iso(at) } });
      [activity, since] = ['zombie', at];
    } else if (activity === 'zombie') {
      const at = since + config.exitNoticeAfterDays * DAY_MS;
      if (at > t) break;
      // A notice that fell due before the organization was migrated is published now: its deadline runs
      // from the migration, so the organization still has the whole period to answer it.
      const migrated = state.migratedAt ? Date.parse(state.migratedAt) : -Infinity;
      deadline = Math.max(at, migrated) + config.exitDeadlineDays * DAY_MS;
      out.push({ type: 'ExitNoticeIssued', payload: { at: iso(at), deadline: iso(deadline) } });
      [activity, since] = ['exit_notice', at];
    } else if (activity === 'exit_notice') {
      if (deadline > t) break;
      out.push({ type: 'OrganizationExited', payload: { at: iso(deadline) } });
      activity = 'exited';
    } else break;
  }
  return out;
}
