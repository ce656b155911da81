import type { CaseViewDoc } from './caseView.ts';

/** What a statistics row needs of a case view (the folded state is not read). */
export type StatisticsRow = Pick<
  CaseViewDoc,
  'districtCode' | 'streetCode' | 'communityCode' | 'status' | 'openedAt' | 'firstMatchAt' | 'confirmed'
>;

export interface AreaPlace {
  districtCode: string;
  streetCode: string;
  communityCode: string;
}

export interface AreaStatistics {
  place: AreaPlace;
  openCases: number;
  closedCases: number;
  /** Cases with a confirmed request, and the median whole seconds from opening to the first (0 when none). */
  matchedCases: number;
  medianSecondsToMatch: number;
  volunteerMatches: number;
  organizationMatches: number;
  donationMatches: number;
}

/** The median of whole numbers; of an even count, the mean of the middle two rounded down. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const xs = [...values].sort((a, b) => a - b);
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 === 1
    ? (xs[mid] as number)
    : Math.floor(((xs[mid - 1] as number) + (xs[mid] as number)) / 2);
}

function areaOf(place: AreaPlace, rows: readonly StatisticsRow[]): AreaStatistics {
  const toMatch = rows
    .filter((r) => r.firstMatchAt !== null)
    .map((r) => Math.round((Date.parse(r.firstMatchAt as string) - Date.parse(r.openedAt)) / 1000));
  const sum = (f: (r: StatisticsRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  return {
    place,
    openCases: rows.filter((r) => r.status !== 'closed').length,
    closedCases: rows.filter((r) => r.status === 'closed').length,
    matchedCases: toMatch.length,
    medianSecondsToMatch: median(toMatch),
    volunteerMatches: sum((r) => r.confirmed.volunteer),
    organizationMatches: sum((r) => r.confirmed.organization),
    donationMatches: sum((r) => r.confirmed.donation),
  };
}

function groups(rows: readonly StatisticsRow[], key: (r: StatisticsRow) => string) {
  const out = new Map<string, StatisticsRow[]>();
  for (const r of rows) {
    const k = key(r);
    const g = out.get(k);
    if (g) g.push(r);
    else out.set(k, [r]);
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The district dashboard over the cases in a scope: the whole (`district`, at the scope's place), then each
 * street and each community that has cases, in code order.
 */
export function statisticsOf(rows: readonly StatisticsRow[], scope: AreaPlace) {
  return {
    district: areaOf(scope, rows),
    streets: groups(rows, (r) => r.streetCode).map(([streetCode, g]) =>
      areaOf({ districtCode: (g[0] as StatisticsRow).districtCode, streetCode, communityCode: '' }, g),
    ),
    communities: groups(rows, (r) => r.communityCode).map(([communityCode, g]) =>
      areaOf(
        {
          districtCode: (g[0] as StatisticsRow).districtCode,
          streetCode: (g[0] as StatisticsRow).streetCode,
          communityCode,
        },
        g,
      ),
    ),
  };
}
