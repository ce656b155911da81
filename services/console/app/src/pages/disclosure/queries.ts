import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client.ts';

export type Flow = Record<string, Record<string, { received?: number; used?: number }>>;

export interface Disclosure {
  funds: {
    fundId: string;
    kind: string;
    name: string;
    totals: Record<string, { received?: number; used?: number }>;
  }[];
  direct: Record<string, { received?: number; used?: number }>;
  perCommunity: Flow;
  perCategory: Flow;
  donations: {
    donationId: string;
    donorKind: string;
    donorName?: string;
    fundId: string | null;
    kind: string;
    measure: string;
    received: number;
    used: number;
  }[];
}

/** 阳光公示: charity's public view, no sign-in. */
export function useDisclosure() {
  return useQuery({
    queryKey: ['charity', 'public', 'disclosure'],
    queryFn: () => call<Disclosure>('/api/charity/v1/public/disclosure'),
  });
}
