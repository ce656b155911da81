import type {
  CreditStanding,
  OrganizationCandidate,
  Place,
  PlanItem as MatchingItem,
  Scored,
  VolunteerCandidate,
  WeeklySlot,
} from '@fivesoc/matching';
import type {
  OrganizationDoc,
  ScheduleDoc,
  Scoped,
  VolunteerDoc,
  Window,
} from '../../readModels/collections.ts';
import type { CasePlace, PlanItem, Score } from '../domain/values.ts';

// Linkage's read-model documents → the matching engine's plain input types. Pure: the clock comes in as an
// argument, so the same documents and instant always give the same candidates.

/** Weekly availability is local time in the district (China Standard Time, UTC+8). */
export const TZ_OFFSET_MINUTES = 480;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A read-model place (street and community may be unknown) as the tree position the engine compares. */
export const placeOf = (d: Scoped | CasePlace): Place => ({
  districtCode: d.districtCode,
  streetCode: d.streetCode ?? '',
  communityCode: d.communityCode ?? '',
});

const minutesOf = (hhmm: string): number | undefined => {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) return undefined;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes <= 1440 ? minutes : undefined;
};

/**
 * The volunteer service counts weekdays the ISO way (1 = Monday … 7 = Sunday); the engine from Sunday
 * (0 … 6). A malformed or empty slot is dropped (it can admit nobody).
 */
export function weeklySlotOf(w: Window): WeeklySlot | undefined {
  const startMinute = minutesOf(w.start);
  const endMinute = minutesOf(w.end);
  if (startMinute === undefined || endMinute === undefined || endMinute <= startMinute) return undefined;
  if (!Number.isInteger(w.weekday) || w.weekday < 0 || w.weekday > 7) return undefined;
  return { weekday: w.weekday % 7, startMinute, endMinute };
}

/** [start, end) of the local (UTC+8) Monday-to-Sunday week holding `at`, in epoch milliseconds. */
export function weekOf(at: number): { start: number; end: number } {
  const offset = TZ_OFFSET_MINUTES * 60_000;
  const day = Math.floor((at + offset) / DAY_MS);
  const isoWeekday = ((((day + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday
  const start = (day - (isoWeekday - 1)) * DAY_MS - offset;
  return { start, end: start + 7 * DAY_MS };
}

/**
 * A volunteer with the windows booked on their schedule: hours this week are the booked hours inside the
 * week of the item's start; load is the number of bookings not over yet at `now`.
 */
export function volunteerCandidateOf(
  v: VolunteerDoc,
  schedule: ScheduleDoc | undefined,
  at: { itemStart: number; now: number },
): VolunteerCandidate {
  const windows = schedule?.windows ?? [];
  const week = weekOf(at.itemStart);
  let bookedMs = 0;
  let load = 0;
  for (const w of windows) {
    const start = Date.parse(w.startAt);
    const end = Date.parse(w.endAt);
    if (!Number.isFinite(start) || !Number.isFinite(end)) continue;
    bookedMs += Math.max(0, Math.min(end, week.end) - Math.max(start, week.start));
    if (end > at.now) load++;
  }
  return {
    id: v.volunteerId,
    skills: v.skills,
    place: placeOf(v),
    radiusKm: v.serviceRadiusKm,
    availability: v.availability.map(weeklySlotOf).filter((s): s is WeeklySlot => s !== undefined),
    bookedWindows: windows.map((w) => ({ start: w.startAt, end: w.endAt })),
    maxHoursPerWeek: v.maxHoursPerWeek,
    hoursThisWeek: bookedMs / HOUR_MS,
    load,
  };
}

/** `3A` → 3; no rating (or an unreadable one) → 0. */
export function ratingLevelOf(rating: string | null): number {
  const m = rating ? /^([1-5])A$/.exec(rating) : null;
  return m ? Number(m[1]) : 0;
}

const CREDIT: Record<OrganizationDoc['creditStanding'], CreditStanding> = {
  good: 'good',
  negative: 'warning',
  serious: 'serious',
};

/**
 * An organization as a service candidate. The read model leaves the clock out, so an expired rating is
 * judged here: it counts as no rating, and without a valid rating the organization is not in the eligible
 * catalogue. The read model holds no project counts, so every organization has the same free capacity (one
 * place, none taken): load does not separate organizations.
 */
export function organizationCandidateOf(o: OrganizationDoc, now: Date): OrganizationCandidate {
  const validUntil = o.ratingValidUntil ? Date.parse(o.ratingValidUntil) : Number.NaN;
  // `validUntil` is a date: the rating holds through that whole day.
  const expired = Number.isFinite(validUntil) && validUntil + DAY_MS <= now.getTime();
  return {
    id: o.organizationId,
    fields: [o.field],
    place: placeOf(o),
    rating: expired ? 0 : ratingLevelOf(o.rating),
    creditStanding: CREDIT[o.creditStanding],
    eligible: o.eligible && !expired,
    activeProjects: 0,
    capacity: 1,
  };
}

/**
 * A case's plan item as the engine's: a volunteer item is a task needing the item's skill in its window,
 * with the item's quantity as headcount (the confirmed ones filled); an organization item asks for the
 * field named by its requirement.
 */
export function matchingItemOf(item: PlanItem, place: CasePlace, confirmed: number): MatchingItem {
  const base = { id: item.itemId, place: placeOf(place) };
  if (item.kind === 'volunteer')
    return {
      ...base,
      kind: 'volunteer_task',
      requiredSkills: [item.requirement],
      ...(item.startAt && item.endAt ? { window: { start: item.startAt, end: item.endAt } } : {}),
      headcount: item.quantity,
      filled: confirmed,
    };
  if (item.kind === 'organization')
    return {
      ...base,
      kind: 'organization_service',
      requiredSkills: [],
      field: item.requirement,
      ...(item.startAt && item.endAt ? { window: { start: item.startAt, end: item.endAt } } : {}),
    };
  return { ...base, kind: item.requirement === 'fen' ? 'money' : 'goods', requiredSkills: [] };
}

/** The engine's score with its breakdown, as a case records it (parts that do not apply are 0). */
export const scoreOf = (s: Scored): Score => ({
  total: s.score,
  skillFit: s.breakdown.fit,
  nearness: s.breakdown.nearness,
  loadBalance: s.breakdown.load,
  rating: s.breakdown.rating ?? 0,
  credit: s.breakdown.credit ?? 0,
});
