import { distanceKm } from './place.ts';
import { coveredByWeeklySlots, hoursOf, overlaps, toMsWindow } from './time.ts';
import type { MsWindow } from './time.ts';
import type { OrganizationCandidate, PlanItem, VolunteerCandidate, WorkerCandidate } from './types.ts';

/** Hard rules: a candidate failing any is excluded; the names are what "why not" shows. */
export type HardRule =
  | 'kind_mismatch'
  | 'credit_blacklisted'
  | 'not_eligible'
  | 'field_mismatch'
  | 'no_required_skill'
  | 'at_capacity'
  | 'weekly_hours_exceeded'
  | 'booked_overlap'
  | 'not_available'
  | 'outside_radius'
  | 'headcount_full'
  | 'inactive'
  | 'caseload_full'
  | 'outside_coverage';

export interface RuleOptions {
  /** Local time zone of weekly availability, minutes east of UTC (default 480, China Standard Time). */
  readonly tzOffsetMinutes?: number;
  /** Organization services require catalogue eligibility (default true). */
  readonly requireEligible?: boolean;
}

/** A plan item with its window parsed once per query. */
export interface PreparedItem {
  readonly item: PlanItem;
  readonly window: MsWindow | undefined;
  readonly hours: number;
  readonly remainingHeadcount: number;
}

export function prepareItem(item: PlanItem): PreparedItem {
  const window = item.window ? toMsWindow(item.window) : undefined;
  const headcount = item.headcount ?? Number.POSITIVE_INFINITY;
  return {
    item,
    window,
    hours: window ? hoursOf(window) : 0,
    remainingHeadcount: headcount - (item.filled ?? 0),
  };
}

function sharesAny(wanted: readonly string[], held: readonly string[]): boolean {
  return wanted.length === 0 || wanted.some((s) => held.includes(s));
}

export function volunteerRuleFailures(
  p: PreparedItem,
  v: VolunteerCandidate,
  o: RuleOptions = {},
): HardRule[] {
  const failed: HardRule[] = [];
  const { item, window } = p;
  if (item.kind !== 'volunteer_task') failed.push('kind_mismatch');
  if (!sharesAny(item.requiredSkills, v.skills)) failed.push('no_required_skill');
  const d = distanceKm(item.place, v.place);
  if (d !== undefined && d > v.radiusKm) failed.push('outside_radius');
  if (v.hoursThisWeek + p.hours > v.maxHoursPerWeek) failed.push('weekly_hours_exceeded');
  if (window) {
    if (v.bookedWindows.some((b) => overlaps(toMsWindow(b), window))) failed.push('booked_overlap');
    if (!coveredByWeeklySlots(window, v.availability, o.tzOffsetMinutes ?? 480)) failed.push('not_available');
  }
  if ((v.teamSize ?? 1) > p.remainingHeadcount) failed.push('headcount_full');
  return failed;
}

export function organizationRuleFailures(
  p: PreparedItem,
  c: OrganizationCandidate,
  o: RuleOptions = {},
): HardRule[] {
  const failed: HardRule[] = [];
  const { item } = p;
  if (item.kind !== 'organization_service') failed.push('kind_mismatch');
  if (c.creditStanding === 'serious') failed.push('credit_blacklisted');
  if ((o.requireEligible ?? true) && !c.eligible) failed.push('not_eligible');
  if (item.field !== undefined && !c.fields.includes(item.field)) failed.push('field_mismatch');
  if (c.activeProjects >= c.capacity) failed.push('at_capacity');
  return failed;
}

/** Rules for assigning a case's worker: active, below the caseload, covering the community or its street. */
export function workerRuleFailures(p: PreparedItem, w: WorkerCandidate): HardRule[] {
  const failed: HardRule[] = [];
  const { place, requiredSkills } = p.item;
  if (w.status !== 'active') failed.push('inactive');
  if (w.activeCases >= w.maxCaseload) failed.push('caseload_full');
  if (!sharesAny(requiredSkills, w.specialties)) failed.push('no_required_skill');
  if (!w.coveredCommunities.includes(place.communityCode) && w.streetCode !== place.streetCode) {
    failed.push('outside_coverage');
  }
  return failed;
}

/** The same verdict as `volunteerRuleFailures(...).length === 0`, cheapest rules first, stopping at the first. */
export function volunteerPasses(p: PreparedItem, v: VolunteerCandidate, o: RuleOptions = {}): boolean {
  const { item, window } = p;
  if (item.kind !== 'volunteer_task' || (v.teamSize ?? 1) > p.remainingHeadcount) return false;
  if (v.hoursThisWeek + p.hours > v.maxHoursPerWeek || !sharesAny(item.requiredSkills, v.skills))
    return false;
  const d = distanceKm(item.place, v.place);
  if (d !== undefined && d > v.radiusKm) return false;
  if (!window) return true;
  for (const b of v.bookedWindows) if (overlaps(toMsWindow(b), window)) return false;
  return coveredByWeeklySlots(window, v.availability, o.tzOffsetMinutes ?? 480);
}
