import type { Collection, Document } from 'mongodb';
import {
  ValidationError,
  afterCursor,
  decodeCursor,
  page,
  scopeFilter,
  type Principal,
} from '@fivesoc/service-kit';
import type {
  ListNeedsRequest,
  ListNeedsResponse,
  ListWorkersRequest,
  ListWorkersResponse,
  Place,
} from '../gen/fivesoc/linkage/v1/linkage.ts';
import type { ReadModelCollections, Scoped, SourceDoc } from '../readModels/collections.ts';

type Filter = Record<string, unknown>;

/** proto3 has no "unset" for scalars: page_size 0 means the default (50), like an absent HTTP `limit`. */
export function pageSizeOf(size: number): number {
  if (size === 0) return 50;
  if (!Number.isInteger(size) || size < 1 || size > 200)
    throw new ValidationError('page_size', 'must be between 1 and 200 (0 for the default of 50)');
  return size;
}

/** Empty strings are proto3's "not set"; a set value must match. */
function optional(field: string, value: string, pattern: RegExp, rule: string): string | undefined {
  if (value === '') return undefined;
  if (!pattern.test(value)) throw new ValidationError(field, rule);
  return value;
}
const word = (field: string, v: string) => optional(field, v, /^.{1,60}$/su, 'must be at most 60 characters');
const street = (v: string) => optional('street_code', v, /^\d{9}$/, 'must be 9 digits');
const community = (v: string) => optional('community_code', v, /^\d{12}$/, 'must be 12 digits');

export function cursorOf(token: string) {
  if (token.length > 500)
    throw new ValidationError('page_token', 'is not a page token this service gave out');
  try {
    return decodeCursor(token === '' ? undefined : token);
  } catch {
    throw new ValidationError('page_token', 'is not a page token this service gave out');
  }
}

/** One page in `sortField` then `_id` order (the same query as the HTTP lists in api/lists.ts). */
export async function findPage<T extends SourceDoc & Document>(
  collection: Collection<T>,
  filter: Filter,
  sortField: keyof T & string,
  limit: number,
  token: string,
) {
  const rows = await collection
    .find<T>({ $and: [filter, afterCursor(sortField, cursorOf(token))] } as never)
    .sort({ [sortField]: 1, _id: 1 })
    .limit(limit + 1)
    .toArray();
  return page(rows, limit, (r) => r[sortField] as string);
}

const placeOf = (d: Scoped): Place => ({
  districtCode: d.districtCode,
  streetCode: d.streetCode ?? '',
  communityCode: d.communityCode ?? '',
});

/** Workers sit at a street station and cover communities: community scope means "covers my community". */
const workerScope = (p: Principal): Filter =>
  p.scope.level === 'community' ? { coveredCommunityCodes: p.scope.code } : scopeFilter(p);

/** The read-model RPCs: the same filters, scoping and paging as the HTTP list routes. */
export function readRpcs(m: ReadModelCollections) {
  return {
    listNeeds: async (q: ListNeedsRequest, principal: Principal): Promise<ListNeedsResponse> => {
      const limit = pageSizeOf(q.pageSize);
      const streetCode = street(q.streetCode);
      const communityCode = community(q.communityCode);
      const and: Filter[] = [scopeFilter(principal)];
      if (streetCode) and.push({ streetCode });
      if (communityCode) and.push({ communityCode });
      const status = word('status', q.status);
      const category = word('category', q.category);
      const urgency = word('urgency', q.urgency);
      if (status) and.push({ status });
      if (category) and.push({ category });
      if (urgency) and.push({ urgency });
      const r = await findPage(m.needs, { $and: and }, 'reportedAt', limit, q.pageToken);
      return {
        needs: r.items.map((n) => ({
          needId: n.needId,
          place: placeOf(n),
          category: n.category,
          urgency: n.urgency,
          status: n.status,
          consentScope: n.consentScope,
          reportedAt: n.reportedAt,
          updatedAt: n.updatedAt,
        })),
        nextPageToken: r.nextCursor ?? '',
      };
    },

    listWorkers: async (q: ListWorkersRequest, principal: Principal): Promise<ListWorkersResponse> => {
      const limit = pageSizeOf(q.pageSize);
      const and: Filter[] = [workerScope(principal)];
      const streetCode = street(q.streetCode);
      const communityCode = community(q.communityCode);
      const specialty = word('specialty', q.specialty);
      const status = word('status', q.status);
      if (streetCode) and.push({ streetCode });
      if (communityCode) and.push({ coveredCommunityCodes: communityCode });
      if (specialty) and.push({ specialties: specialty });
      if (status) and.push({ status });
      if (q.availability === 'UNRECOGNIZED')
        throw new ValidationError('availability', 'is not a known value');
      const r = await findPage(m.workers, { $and: and }, 'registeredAt', limit, q.pageToken);
      const want =
        q.availability === 'AVAILABILITY_UNSPECIFIED'
          ? undefined
          : q.availability === 'AVAILABILITY_AVAILABLE';
      const items =
        want === undefined
          ? r.items
          : r.items.filter((w) => (w.status === 'active' && w.activeCases < w.maxCaseload) === want);
      return {
        workers: items.map((w) => ({
          workerId: w.workerId,
          place: placeOf(w),
          qualificationLevel: w.qualificationLevel,
          specialties: w.specialties,
          employerId: w.employerId,
          stationCode: w.stationCode,
          coveredCommunityCodes: w.coveredCommunityCodes,
          maxCaseload: w.maxCaseload,
          activeCases: w.activeCases,
          status: w.status,
          registeredAt: w.registeredAt,
        })),
        nextPageToken: r.nextCursor ?? '',
      };
    },
  };
}
