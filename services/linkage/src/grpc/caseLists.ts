import type { Collection } from 'mongodb';
import type { Principal } from '@fivesoc/service-kit';
import type { CaseViewDoc } from '../cases/projection/caseView.ts';
import { statisticsOf, type AreaPlace, type StatisticsRow } from '../cases/projection/statistics.ts';
import type { GetDistrictStatisticsResponse, ListCasesResponse } from '../gen/fivesoc/linkage/v1/linkage.ts';
import { caseScopeFilter } from './caseAccess.ts';
import { areaMessage, caseMessage } from './caseMessages.ts';
import { listCasesRequest, parseRequest, statisticsRequest } from './caseRequests.ts';
import { findPage, pageSizeOf } from './reads.ts';

type Filter = Record<string, unknown>;

/** The place the whole of a caller's scope is reported at (a community's street is not in its code). */
export function scopePlace(p: Principal): AreaPlace {
  const { level, code } = p.scope;
  return {
    districtCode: code.slice(0, 6),
    streetCode: level === 'street' ? code : '',
    communityCode: level === 'community' ? code : '',
  };
}

/** ListCases and GetDistrictStatistics over the case projection (eventually consistent with the streams). */
export function caseListRpcs(views: Collection<CaseViewDoc>) {
  return {
    listCases: async (req: unknown, p: Principal): Promise<ListCasesResponse> => {
      const q = parseRequest(listCasesRequest, req);
      const limit = pageSizeOf(q.pageSize);
      const and: Filter[] = [caseScopeFilter(p)];
      if (q.status) and.push({ status: q.status });
      if (q.streetCode) and.push({ streetCode: q.streetCode });
      if (q.communityCode) and.push({ communityCode: q.communityCode });
      if (q.workerId) and.push({ workerId: q.workerId });
      const r = await findPage(views, { $and: and }, 'openedAt', limit, q.pageToken);
      return {
        cases: r.items.map((v) => caseMessage(v.state, v._v)),
        nextPageToken: r.nextCursor ?? '',
      };
    },

    getDistrictStatistics: async (req: unknown, p: Principal): Promise<GetDistrictStatisticsResponse> => {
      const q = parseRequest(statisticsRequest, req);
      const opened = { ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lt: q.to } : {}) };
      const filter: Filter = {
        $and: [caseScopeFilter(p), ...(q.from || q.to ? [{ openedAt: opened }] : [])],
      };
      const rows = await views
        .find<StatisticsRow>(filter as never, {
          projection: {
            districtCode: 1,
            streetCode: 1,
            communityCode: 1,
            status: 1,
            openedAt: 1,
            firstMatchAt: 1,
            confirmed: 1,
          },
        })
        .toArray();
      const s = statisticsOf(rows, scopePlace(p));
      return {
        district: areaMessage(s.district),
        streets: s.streets.map(areaMessage),
        communities: s.communities.map(areaMessage),
      };
    },
  };
}
