import type { Place } from './types.ts';

/** Tree closeness of two places: same community 1, same street 0.6, same district 0.3, elsewhere 0. */
export const TREE_LEVEL_SCORE = { community: 1, street: 0.6, district: 0.3, outside: 0 } as const;

export type TreeLevel = keyof typeof TREE_LEVEL_SCORE;

export function treeLevel(a: Place, b: Place): TreeLevel {
  if (a.districtCode !== b.districtCode) return 'outside';
  if (a.streetCode !== b.streetCode) return 'district';
  return a.communityCode === b.communityCode ? 'community' : 'street';
}

const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Great-circle distance in km (haversine). */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Distance between two places in km, or undefined when either lacks coordinates. */
export function distanceKm(a: Place, b: Place): number | undefined {
  if (a.lat === undefined || a.lon === undefined || b.lat === undefined || b.lon === undefined)
    return undefined;
  return haversineKm(a.lat, a.lon, b.lat, b.lon);
}

/**
 * Nearness in [0,1]: the tree level alone, or, when both places have coordinates, the mean of the tree level
 * and the distance factor max(0, 1 − d/radius). Never above 0.5·tree + 0.5, the bound the index prunes with.
 */
export function nearness(a: Place, b: Place, radiusKm: number): number {
  const tree = TREE_LEVEL_SCORE[treeLevel(a, b)];
  const d = distanceKm(a, b);
  if (d === undefined || !(radiusKm > 0)) return tree;
  return 0.5 * tree + 0.5 * Math.max(0, 1 - d / radiusKm);
}

/** The highest nearness any candidate at this tree level can reach (the tree alone when `from` has no coordinates). */
export function nearnessBound(level: TreeLevel, from: Place): number {
  const tree = TREE_LEVEL_SCORE[level];
  return from.lat === undefined || from.lon === undefined ? tree : Math.max(tree, 0.5 * tree + 0.5);
}
