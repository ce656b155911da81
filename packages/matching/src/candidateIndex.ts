import { nearnessBound } from './place.ts';
import type { TreeLevel } from './place.ts';
import type { Place } from './types.ts';

/**
 * Posting lists of candidate positions per (community, key) and per community, where a key is a skill or a
 * field, plus the district → street → community tree they hang on. A query walks the tiers community →
 * rest of the street → rest of the district → elsewhere, so the nearest (highest-bound) candidates are scored
 * first and later tiers are skipped once they cannot reach the top k. Each candidate is in one community, so
 * the tiers are disjoint; lists are sorted by `rankOf`, best first.
 */
export interface CandidateIndex<C> {
  readonly candidates: readonly C[];
  readonly rank: Float64Array;
  readonly lists: ReadonlyMap<string, readonly number[]>;
  /** district → street → communities that hold candidates. */
  readonly tree: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  /** Per-position stamp of the last query that visited it (dedupes a candidate holding several keys). */
  readonly seen: Uint32Array;
  query: number;
}

export function buildCandidateIndex<C>(
  candidates: readonly C[],
  placeOf: (c: C) => Place,
  keysOf: (c: C) => readonly string[],
  rankOf: (c: C) => number,
): CandidateIndex<C> {
  const rank = Float64Array.from(candidates, rankOf);
  const lists = new Map<string, number[]>();
  const tree = new Map<string, Map<string, Set<string>>>();
  const add = (key: string, i: number): void => {
    const l = lists.get(key);
    if (l) l.push(i);
    else lists.set(key, [i]);
  };
  candidates.forEach((c, i) => {
    const p = placeOf(c);
    const streets = tree.get(p.districtCode) ?? new Map<string, Set<string>>();
    tree.set(p.districtCode, streets);
    const communities = streets.get(p.streetCode) ?? new Set<string>();
    streets.set(p.streetCode, communities);
    communities.add(p.communityCode);
    const scope = communityScope(p.districtCode, p.streetCode, p.communityCode);
    add(scope, i);
    for (const key of new Set(keysOf(c))) add(`${scope}|${key}`, i);
  });
  for (const l of lists.values()) l.sort((a, b) => (rank[b] as number) - (rank[a] as number) || a - b);
  const frozen = new Map([...tree].map(([d, ss]) => [d, new Map([...ss].map(([s, cs]) => [s, [...cs]]))]));
  return { candidates, rank, lists, tree: frozen, seen: new Uint32Array(candidates.length), query: 0 };
}

const communityScope = (d: string, s: string, c: string): string => JSON.stringify([d, s, c]);

export interface Tier {
  readonly level: TreeLevel;
  readonly nearnessBound: number;
  readonly lists: readonly (readonly number[])[];
}

/** The disjoint tiers of posting lists for a query at `place` admitting any of `keys` (all when empty). */
export function tiersFor<C>(index: CandidateIndex<C>, place: Place, keys: readonly string[]): Tier[] {
  const scopes: Record<TreeLevel, string[]> = { community: [], street: [], district: [], outside: [] };
  for (const [d, streets] of index.tree) {
    for (const [s, communities] of streets) {
      for (const c of communities) {
        const level: TreeLevel =
          d !== place.districtCode
            ? 'outside'
            : s !== place.streetCode
              ? 'district'
              : c !== place.communityCode
                ? 'street'
                : 'community';
        scopes[level].push(communityScope(d, s, c));
      }
    }
  }
  const levels: TreeLevel[] = ['community', 'street', 'district', 'outside'];
  return levels.map((level) => ({
    level,
    nearnessBound: nearnessBound(level, place),
    lists: scopes[level]
      .flatMap((scope) => (keys.length === 0 ? [scope] : keys.map((k) => `${scope}|${k}`)))
      .map((k) => index.lists.get(k))
      .filter((l): l is readonly number[] => l !== undefined),
  }));
}
