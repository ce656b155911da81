import { readFileSync } from 'node:fs';
import { createRemoteJWKSet, importSPKI, jwtVerify } from 'jose';
import { z } from 'zod';
import { UnauthenticatedError } from './errors.ts';

/** The roles a token can carry. A route lists the ones it allows. */
export const ROLES = [
  'district_admin', // 区级管理员
  'street_admin', // 街道管理员
  'community_staff', // 社区工作人员
  'social_worker', // 社工
  'volunteer', // 志愿者
  'organization', // 社会组织
  'charity_coordinator', // 慈善资源协调员
  'ops', // 运维
  'integration_client', // 区级信息系统对接
  'registration_authority', // 登记管理机关 (decides organization registrations)
  'evaluator', // 第三方评估机构 (scores performance evaluations)
] as const;
export type Role = (typeof ROLES)[number];

/** Where in the district → street → community tree a token's holder acts. */
export const SCOPE_LEVELS = ['district', 'street', 'community'] as const;
export type ScopeLevel = (typeof SCOPE_LEVELS)[number];

export interface Principal {
  subject: string;
  roles: Role[];
  scope: { level: ScopeLevel; code: string };
}

const claimsSchema = z.object({
  sub: z.string().min(1),
  roles: z.array(z.enum(ROLES)).min(1),
  scope_level: z.enum(SCOPE_LEVELS),
  scope_code: z.string().min(1),
});

export const TOKEN_ALG = 'EdDSA';

export interface AuthSettings {
  AUTH_PUBLIC_KEY_FILE?: string | undefined;
  AUTH_JWKS_URL?: string | undefined;
  AUTH_ISSUER: string;
  AUTH_AUDIENCE: string;
}

export interface TokenVerifier {
  verify(authorizationHeader: string | undefined): Promise<Principal>;
}

/** Verifies bearer JWTs against a JWKS (production) or a local public key (native stack). */
export async function createTokenVerifier(settings: AuthSettings): Promise<TokenVerifier> {
  let key: Parameters<typeof jwtVerify>[1];
  if (settings.AUTH_JWKS_URL) {
    key = createRemoteJWKSet(new URL(settings.AUTH_JWKS_URL));
  } else if (settings.AUTH_PUBLIC_KEY_FILE) {
    key = await importSPKI(readFileSync(settings.AUTH_PUBLIC_KEY_FILE, 'utf8'), TOKEN_ALG);
  } else {
    throw new Error('no token verification key configured');
  }
  return {
    async verify(header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
      if (!match?.[1]) throw new UnauthenticatedError('missing bearer token');
      let payload: unknown;
      try {
        const verified = await jwtVerify(match[1], key, {
          issuer: settings.AUTH_ISSUER,
          audience: settings.AUTH_AUDIENCE,
          algorithms: [TOKEN_ALG],
        });
        payload = verified.payload;
      } catch (err) {
        throw new UnauthenticatedError(`invalid token: ${(err as Error).message}`);
      }
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) {
        const issue = claims.error.issues[0];
        throw new UnauthenticatedError(`invalid token claim ${String(issue?.path[0] ?? '')}`);
      }
      const { sub, roles, scope_level, scope_code } = claims.data;
      return { subject: sub, roles, scope: { level: scope_level, code: scope_code } };
    },
  };
}
