import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { linkage } from '../../api/client.ts';
import { ApiError } from '../../api/errors.ts';
import type { Case, CaseEvent, GetCaseHistoryResponse } from '../../api/linkageTypes.ts';

export const caseKey = (caseId: string) => ['linkage', 'GetCase', caseId] as const;
export const historyKey = (caseId: string) => ['linkage', 'GetCaseHistory', caseId] as const;

/** Who did what, when: the case's history, every page of it (a case has some tens of entries). */
export function useCaseHistory(caseId: string, enabled: boolean) {
  return useQuery({
    queryKey: historyKey(caseId),
    enabled,
    queryFn: async () => {
      const entries: GetCaseHistoryResponse['entries'] = [];
      let after = '0';
      for (let page = 0; page < 20; page++) {
        const r = await linkage<GetCaseHistoryResponse>('GetCaseHistory', {
          caseId,
          afterVersion: after,
          pageSize: 200,
        });
        entries.push(...r.entries);
        if (!r.nextAfterVersion || r.nextAfterVersion === '0') break;
        after = r.nextAfterVersion;
      }
      return entries;
    },
  });
}

export function useCase(caseId: string) {
  return useQuery({
    queryKey: caseKey(caseId),
    queryFn: async () => (await linkage<{ case: Case }>('GetCase', { caseId })).case,
  });
}

/**
 * The case's events from the start, then live, through WatchCase as Server-Sent Events; every event
 * refreshes the case (and the lists), so a change made by anyone shows without reloading.
 */
export function useCaseEvents(caseId: string) {
  const qc = useQueryClient();
  const [events, setEvents] = useState<CaseEvent[]>([]);
  const [live, setLive] = useState(false);
  useEffect(() => {
    setEvents([]);
    const source = new EventSource(`/api/linkage/WatchCase?caseId=${encodeURIComponent(caseId)}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    source.onopen = () => setLive(true);
    source.onmessage = (m: MessageEvent<string>) => {
      let e: CaseEvent;
      try {
        e = JSON.parse(m.data) as CaseEvent;
      } catch {
        return;
      }
      setEvents((prev) =>
        prev.some((x) => x.eventId === e.eventId)
          ? prev
          : [...prev, e].sort((a, b) => Number(a.streamVersion) - Number(b.streamVersion)),
      );
      // Many events arrive together at the start: one refresh for a burst.
      clearTimeout(timer);
      timer = setTimeout(() => {
        void qc.invalidateQueries({ queryKey: caseKey(caseId) });
        void qc.invalidateQueries({ queryKey: historyKey(caseId) });
        void qc.invalidateQueries({ queryKey: ['linkage', 'ListCases'] });
      }, 150);
    };
    source.onerror = () => setLive(source.readyState === EventSource.OPEN);
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [caseId, qc]);
  return { events, live };
}

/** The writes whose request has no `expected_version`. */
const UNVERSIONED = new Set(['ProposeMatches', 'AnswerTransfer']);

/**
 * A write on the case, decided on the version the page shows (`expectedVersion`); the answer's case
 * replaces the cached one at once.
 */
export function useCaseAction<R extends object>(method: string, caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (request: R) => {
      const seen = qc.getQueryData<Case>(caseKey(caseId));
      let version = seen?.version ?? '0';
      for (let attempt = 1; ; attempt++) {
        try {
          return await linkage<{ case: Case }>(method, {
            caseId,
            ...(UNVERSIONED.has(method) ? {} : { expectedVersion: version }),
            ...request,
          });
        } catch (err) {
          // Linkage's own saga appends to the case all the time (requests held, confirmed): a stale version
          // is decided again on the newer one only while the case is still in the state the user saw.
          if (
            !(err instanceof ApiError && err.status === 409 && err.code !== 'ALREADY_EXISTS') ||
            attempt >= 3
          )
            throw err;
          const fresh = (await linkage<{ case: Case }>('GetCase', { caseId })).case;
          if (seen && fresh.status !== seen.status) throw err;
          version = fresh.version;
        }
      }
    },
    onSuccess: (r) => {
      if (r.case) qc.setQueryData(caseKey(caseId), r.case);
      void qc.invalidateQueries({ queryKey: ['linkage', 'ListCases'] });
    },
    onError: () => void qc.invalidateQueries({ queryKey: caseKey(caseId) }),
  });
}
