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
  'supervisor', // 督导 (approves and returns case steps; at organization, the business supervisor 业务主管单位)
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
  /** Longest lifetime (s) of a token held by a person (every role but integration_client). */
  AUTH_MAX_TTL_PEOPLE?: number | undefined;
  /** Longest lifetime (s) of an integration client's token (a system, e.g. linkage calling the societies). */
  AUTH_MAX_TTL_INTEGRATION_CLIENT?: number | undefined;
  /** How far (s) a token's `iat` or `nbf` may lie in the future: the issuer's clock may run a little ahead. */
  AUTH_CLOCK_SKEW?: number | undefined;
}

/** The defaults of the lifetime bounds, in seconds (the config's defaults say the same in words). */
export const TOKEN_LIMITS = { people: 12 * 3600, integrationClient: 30 * 86_400, skew: 60 } as const;

/**
 * The longest a token with these roles may live: the strictest of its roles' bounds, so a person's role
 * in a client's token does not borrow the client's longer life.
 */
function maxLifetime(roles: readonly Role[], s: AuthSettings): number {
  const people = s.AUTH_MAX_TTL_PEOPLE ?? TOKEN_LIMITS.people;
  const client = s.AUTH_MAX_TTL_INTEGRATION_CLIENT ?? TOKEN_LIMITS.integrationClient;
  return Math.min(...roles.map((r) => (r === 'integration_client' ? client : people)));
}

/** `exp` required; `iat`/`nbf` not ahead of now beyond the skew; the lifetime within the roles' bound. */
function checkTimes(
  payload: { exp?: number; iat?: number; nbf?: number },
  roles: readonly Role[],
  s: AuthSettings,
) {
  const now = Math.floor(Date.now() / 1000);
  const skew = s.AUTH_CLOCK_SKEW ?? TOKEN_LIMITS.skew;
  if (payload.exp === undefined)
    throw new UnauthenticatedError('invalid token claim exp: a token must expire');
  if (payload.iat !== undefined && payload.iat > now + skew)
    throw new UnauthenticatedError('invalid token claim iat: issued in the future');
  if (payload.nbf !== undefined && payload.nbf > now + skew)
    throw new UnauthenticatedError('invalid token claim nbf: not valid yet');
  const max = maxLifetime(roles, s);
  const issued = Math.min(payload.iat ?? now, now);
  if (payload.exp - issued > max + skew || payload.exp - now > max + skew)
    throw new UnauthenticatedError(
      `invalid token claim exp: lives longer than ${max} s, the most its roles allow`,
    );
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
          requiredClaims: ['exp'],
          clockTolerance: settings.AUTH_CLOCK_SKEW ?? TOKEN_LIMITS.skew,
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
      checkTimes(payload as { exp?: number; iat?: number; nbf?: number }, roles, settings);
      return { subject: sub, roles, scope: { level: scope_level, code: scope_code } };
    },
  };
}
