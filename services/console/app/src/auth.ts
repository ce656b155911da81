import { useQuery } from '@tanstack/react-query';
import { call, setCsrfToken } from './api/client.ts';
import { ApiError } from './api/errors.ts';

export interface Me {
  subject: string;
  roles: string[];
  scope: { level: 'district' | 'street' | 'community'; code: string };
  dev: boolean;
  csrfToken: string;
  expiresAt: string;
}

export interface AuthConfig {
  devSignIn: boolean;
  oidc: boolean;
}

/** The signed-in user, or null when there is no session (401). */
export function useMe() {
  return useQuery({
    queryKey: ['auth', 'me'],
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await call<Me>('/auth/me');
        setCsrfToken(me.csrfToken);
        return me;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

export function useAuthConfig() {
  return useQuery({
    queryKey: ['auth', 'config'],
    queryFn: () => call<AuthConfig>('/auth/config'),
    staleTime: Infinity,
  });
}
