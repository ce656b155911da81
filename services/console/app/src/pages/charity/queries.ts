import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { linkage, society } from '../../api/client.ts';
import type { Case, RouteDonationsResponse } from '../../api/linkageTypes.ts';

export interface DonationRow {
  donationId: string;
  donorId: string;
  donorKind?: string;
  fundId: string | null;
  kind: string;
  measure: string;
  pledged: number;
  received: number;
  reserved: number;
  allocated: number;
  disbursed: number;
  confirmed: number;
  restrictionCommunityCode: string | null;
  restrictionCategory: string | null;
  communityCode?: string;
  streetCode?: string;
  registeredAt: string;
}

export interface LedgerEntry {
  entryId: string;
  quantity: number;
  target: { needId: string; communityCode: string; category: string };
  status: string;
  reversalOf?: string;
}

export interface DonationView {
  donationId: string;
  measure: string;
  totals: Record<string, number>;
  entries: LedgerEntry[];
  available: number;
  restriction?: { purpose?: string; communityCode?: string; category?: string } | null;
}

export const availableOf = (d: Pick<DonationRow, 'received' | 'reserved' | 'allocated'>) =>
  d.received - d.reserved - d.allocated;

export function useDonations() {
  return useQuery({
    queryKey: ['charity', 'donations'],
    queryFn: async () =>
      (await society<{ items: DonationRow[] }>('charity', '/v1/donations?limit=100')).items,
    refetchInterval: 5_000,
  });
}

export function useDonation(id: string | null) {
  return useQuery({
    queryKey: ['charity', 'donation', id],
    enabled: !!id,
    queryFn: () => society<DonationView>('charity', `/v1/donations/${encodeURIComponent(id!)}`),
    refetchInterval: 5_000,
  });
}

/** Cases with a donation item not covered yet, for those who may read cases (admins). */
export function useOpenDonationItems(enabled: boolean) {
  return useQuery({
    queryKey: ['linkage', 'ListCases', 'donation-items'],
    enabled,
    queryFn: async () => {
      const r = await linkage<{ cases: Case[] }>('ListCases', { pageSize: 100 });
      return r.cases
        .filter((c) => c.status !== 'CASE_STATUS_CLOSED')
        .flatMap((c) =>
          c.plan
            .filter((i) => i.kind === 'RESOURCE_KIND_DONATION')
            .filter(
              (i) =>
                !c.matches.some(
                  (m) =>
                    m.itemId === i.itemId &&
                    ['MATCH_STATUS_REQUESTED', 'MATCH_STATUS_HELD', 'MATCH_STATUS_CONFIRMED'].includes(
                      m.status,
                    ),
                ),
            )
            .map((i) => ({
              caseId: c.caseId,
              communityCode: c.place?.communityCode ?? '',
              category: c.category,
              ...i,
            })),
        );
    },
  });
}

export function useRouteDonations() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (dryRun: boolean) => linkage<RouteDonationsResponse>('RouteDonations', { dryRun }),
    onSuccess: (_r, dryRun) => {
      if (!dryRun) void qc.invalidateQueries({ queryKey: ['charity'] });
    },
  });
}

export function useEntryAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      donationId,
      entryId,
      action,
      reason,
    }: {
      donationId: string;
      entryId: string;
      action: 'allocation' | 'release';
      reason?: string;
    }) =>
      society(
        'charity',
        `/v1/donations/${encodeURIComponent(donationId)}/entries/${encodeURIComponent(entryId)}/${action}`,
        {
          method: 'POST',
          body: action === 'release' ? { reason } : {},
        },
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['charity'] }),
  });
}
