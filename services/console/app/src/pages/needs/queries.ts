import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { newKey, society } from '../../api/client.ts';

export interface NeedRow {
  id: string;
  status: string;
  districtCode: string;
  streetCode: string;
  communityCode: string;
  category: string;
  urgency: string;
  reportedAt: string;
  consentScope?: string[];
}

export interface Person {
  personId: string;
  name?: string;
  phone?: string;
  idNumber?: string;
  address?: string;
  erased?: boolean;
}

export interface NeedView extends NeedRow {
  people: Person[];
  consent: { given: boolean; givenBy: string; at: string; scope: string[] };
  description: string | null;
}

export interface NeedInput {
  communityCode: string;
  category: string;
  urgency: string;
  description: string;
  people: { name: string; phone: string; idNumber?: string; address: string }[];
  consent: { given: boolean; givenBy: string; at: string; scope: string[] };
}

export function useNeeds(filter: { status?: string }) {
  return useQuery({
    queryKey: ['community', 'needs', filter],
    queryFn: async () => {
      const qs = new URLSearchParams({ limit: '100', ...(filter.status ? { status: filter.status } : {}) });
      return (await society<{ items: NeedRow[] }>('community', `/v1/needs?${qs}`)).items;
    },
    refetchInterval: 5_000,
  });
}

export function useNeed(id: string | null) {
  return useQuery({
    queryKey: ['community', 'need', id],
    enabled: !!id,
    queryFn: () => society<NeedView>('community', `/v1/needs/${encodeURIComponent(id!)}`),
  });
}

export function useReportNeed() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NeedInput) =>
      society<NeedView>('community', '/v1/needs', { method: 'POST', body, idempotencyKey: newKey() }),
    onSuccess: (need) => {
      qc.setQueryData(['community', 'need', need.id], need);
      void qc.invalidateQueries({ queryKey: ['community', 'needs'] });
    },
  });
}

export function useWithdrawNeed() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      society<NeedView>('community', `/v1/needs/${encodeURIComponent(id)}/withdraw`, {
        method: 'POST',
        body: { reason },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['community'] }),
  });
}
