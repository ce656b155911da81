import { useQuery } from '@tanstack/react-query';
import { linkage } from '../../api/client.ts';
import type { Case } from '../../api/linkageTypes.ts';

export interface CaseFilter {
  status?: string;
  communityCode?: string;
  workerId?: string;
}

/** Every case the caller may see that the filter selects (linkage pages them; we read up to 10 pages). */
export function useCases(filter: CaseFilter) {
  return useQuery({
    queryKey: ['linkage', 'ListCases', filter],
    queryFn: async () => {
      const cases: Case[] = [];
      let pageToken = '';
      for (let i = 0; i < 10; i++) {
        const r = await linkage<{ cases: Case[]; nextPageToken: string }>('ListCases', {
          pageSize: 100,
          pageToken,
          ...filter,
        });
        cases.push(...r.cases);
        pageToken = r.nextPageToken;
        if (!pageToken) break;
      }
      return cases;
    },
    refetchInterval: 5_000,
  });
}

/** A case is overdue when one of its active requests is past the time its society had to confirm. */
export function isOverdue(c: Case, now = Date.now()): boolean {
  return c.matches.some(
    (m) =>
      (m.status === 'MATCH_STATUS_REQUESTED' || m.status === 'MATCH_STATUS_HELD') &&
      !!m.deadline &&
      new Date(m.deadline).getTime() < now,
  );
}
