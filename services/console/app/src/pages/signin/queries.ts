import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client.ts';

export interface DevSignIn {
  role: string;
  scopeLevel: 'district' | 'street' | 'community';
  scopeCode: string;
  subject: string;
}

export function useDevSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DevSignIn) => call<void>('/auth/dev-sign-in', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['auth'] }),
  });
}
