import { useQuery } from '@tanstack/react-query';
import { linkage } from '../../api/client.ts';
import type { DistrictStatistics } from '../../api/linkageTypes.ts';

export function useStatistics() {
  return useQuery({
    queryKey: ['linkage', 'GetDistrictStatistics'],
    queryFn: () => linkage<DistrictStatistics>('GetDistrictStatistics', {}),
    refetchInterval: 5_000,
  });
}
