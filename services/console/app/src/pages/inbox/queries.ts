import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { linkage } from '../../api/client.ts';
import type { ListActionsResponse } from '../../api/linkageTypes.ts';

export const inboxKey = ['linkage', 'ListActions'] as const;
const PAGE_SIZE = 200;

/**
 * The caller's inbox (待办): ListActions first, then live through WatchActions as Server-Sent Events (linkage
 * sends the whole inbox again on every change), so a new case, a return or a submission shows by itself.
 */
export function useInbox() {
  const qc = useQueryClient();
  const [live, setLive] = useState(false);
  const q = useQuery({
    queryKey: inboxKey,
    queryFn: () => linkage<ListActionsResponse>('ListActions', { pageSize: PAGE_SIZE }),
  });
  useEffect(() => {
    const source = new EventSource(`/api/linkage/WatchActions?pageSize=${PAGE_SIZE}`);
    source.onopen = () => setLive(true);
    source.onmessage = (m: MessageEvent<string>) => {
      try {
        qc.setQueryData(inboxKey, JSON.parse(m.data) as ListActionsResponse);
      } catch {
        // not an inbox: ignore it
      }
    };
    source.onerror = () => setLive(source.readyState === EventSource.OPEN);
    return () => source.close();
  }, [qc]);
  return { ...q, live };
}
