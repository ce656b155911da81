import type { Principal } from './auth.ts';
import { ForbiddenError } from './errors.ts';

/** Where a record sits in the district → street → community tree. */
export interface Place {
  districtCode?: string;
  streetCode?: string;
  communityCode?: string;
}

/**
 * Data scoping by the token: district level sees everything in its district, street level its street,
 * community level its community. A record with no place at the token's level is outside the scope.
 */
export function inScope(principal: Principal, place: Place): boolean {
  const { level, code } = principal.scope;
  switch (level) {
    case 'district':
      return place.districtCode === undefined || place.districtCode === code || code === '000000';
    case 'street':
      return place.streetCode === code;
    case 'community':
      return place.communityCode === code;
    default: {
      const unreachable: never = level;
      return unreachable;
    }
  }
}

export function assertInScope(principal: Principal, place: Place, what = 'this record'): void {
  if (!inScope(principal, place))
    throw new ForbiddenError(`${what} is outside your ${principal.scope.level} scope`);
}

/** A MongoDB filter that keeps a list query inside the token's scope (fields named as in `Place`). */
export function scopeFilter(principal: Principal): Record<string, string> {
  const { level, code } = principal.scope;
  if (level === 'street') return { streetCode: code };
  if (level === 'community') return { communityCode: code };
  return code === '000000' ? {} : { districtCode: code };
}

/**
 * A list query's filter inside the token's scope: the scope and the caller's own filters all hold at once
 * (`$and`), so a query parameter naming another place narrows to nothing instead of replacing the scope.
 */
export function withinScope(
  principal: Principal,
  ...filters: Record<string, unknown>[]
): { $and: Record<string, unknown>[] } {
  return { $and: [scopeFilter(principal), ...filters] };
}
