import { dirname, join, resolve } from 'node:path';
import { baseConfigShape } from '@fivesoc/service-kit';
import { z } from 'zod';

/** The app's build output, next to this package (services/console/app/dist). */
export const DEFAULT_STATIC_DIR = resolve(import.meta.dirname, '../app/dist');
/** linkage's descriptor set, written by `buf build` from proto/ beside its generated code. */
export const DEFAULT_DESCRIPTOR_FILE = resolve(import.meta.dirname, '../../linkage/src/gen/linkage.binpb');

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const flag = z
  .enum(['0', '1'], { error: 'must be 0 or 1' })
  .default('0')
  .transform((v) => v === '1');

/** `90s`, `15m`, `8h`, `1d` → milliseconds. */
const duration = z
  .string()
  .regex(/^\d{1,6}(s|m|h|d)$/, 'must be a duration like 15m, 8h or 1d')
  .transform((v) => {
    const n = Number(v.slice(0, -1));
    const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[v.slice(-1) as 's' | 'm' | 'h' | 'd'];
    return n * unit;
  })
  .pipe(
    z
      .number()
      .min(60_000, 'must be at least 1m')
      .max(7 * 86_400_000, 'must be at most 7d'),
  );

// The kit's settings without the ones for a database and a bus: the console holds no domain data.
const {
  MONGODB_URL: _m,
  KAFKA_BROKERS: _k,
  KAFKA_CLIENT_ID: _c,
  PII_MASTER_KEY: _p,
  ...kit
} = baseConfigShape;

/**
 * The console's settings. Each is documented here and in services/console/README.md; bad values fail at
 * boot with one line naming the variable (exit 78).
 */
export const configSchema = z
  .object({
    ...kit,
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(4100),
    /** The built app (index.html and assets/). Missing: a page says how to build it. */
    CONSOLE_STATIC_DIR: z.string().min(1).default(DEFAULT_STATIC_DIR),
    /** How long a session lasts at most (also bounded by its token's own expiry). */
    CONSOLE_SESSION_TTL: duration.default(8 * 3_600_000),
    /** 1: offer the development sign-in (pick a role and scope, signed with the local key). Only without an issuer. */
    CONSOLE_DEV_SIGN_IN: flag,
    /** The local private key the development sign-in signs with (default: dev-private.pem beside AUTH_PUBLIC_KEY_FILE). */
    CONSOLE_DEV_SIGNING_KEY_FILE: z.string().min(1).optional(),
    /** The OpenID Connect issuer (its /.well-known/openid-configuration is read at start). */
    CONSOLE_OIDC_ISSUER: httpUrl.optional(),
    CONSOLE_OIDC_CLIENT_ID: z.string().trim().min(1, 'must not be empty').max(500).optional(),
    /** Confidential clients only; a public client signs in with PKCE alone. */
    CONSOLE_OIDC_CLIENT_SECRET: z.string().min(1, 'must not be empty').max(2000).optional(),
    /** This console's /auth/callback as the issuer knows it, e.g. https://console.example.gov.cn/auth/callback. */
    CONSOLE_OIDC_REDIRECT_URL: httpUrl.optional(),
    /** Scopes asked for, space-separated (must include openid). */
    CONSOLE_OIDC_SCOPES: z
      .string()
      .regex(/(^|\s)openid(\s|$)/, 'must include openid')
      .default('openid'),
    /** How long one linkage call may take before the gateway answers 504. */
    CONSOLE_RPC_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
    /** At most this many live sessions in memory (the oldest is dropped beyond it). */
    CONSOLE_MAX_SESSIONS: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
    /** linkage's descriptor set (proto/ compiled by buf): the gateway's routes come from it. */
    LINKAGE_DESCRIPTOR_FILE: z.string().min(1).default(DEFAULT_DESCRIPTOR_FILE),
    /** linkage's gRPC address, host:port. */
    LINKAGE_GRPC_URL: z
      .string()
      .regex(/^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/, 'must be host:port')
      .default('127.0.0.1:50051'),
    COMMUNITY_URL: httpUrl.default('http://127.0.0.1:4101'),
    ORGANIZATION_URL: httpUrl.default('http://127.0.0.1:4102'),
    SOCIAL_WORKER_URL: httpUrl.default('http://127.0.0.1:4103'),
    VOLUNTEER_URL: httpUrl.default('http://127.0.0.1:4104'),
    CHARITY_URL: httpUrl.default('http://127.0.0.1:4105'),
    /** linkage's HTTP API (its ops views, rebuild and lists), forwarded under /api/linkage/… like a society's. */
    LINKAGE_URL: httpUrl.default('http://127.0.0.1:4106'),
  })
  .superRefine((c, ctx) => {
    if (!c.AUTH_JWKS_URL && !c.AUTH_PUBLIC_KEY_FILE) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_PUBLIC_KEY_FILE'],
        message: 'set AUTH_PUBLIC_KEY_FILE or AUTH_JWKS_URL (run `./fivesoc token --init` for a local key)',
      });
    }
    if (c.CONSOLE_OIDC_ISSUER) {
      for (const name of ['CONSOLE_OIDC_CLIENT_ID', 'CONSOLE_OIDC_REDIRECT_URL'] as const) {
        if (!c[name]) {
          ctx.addIssue({ code: 'custom', path: [name], message: 'is required with CONSOLE_OIDC_ISSUER' });
        }
      }
    }
    if (
      c.CONSOLE_DEV_SIGN_IN &&
      !c.CONSOLE_OIDC_ISSUER &&
      !c.CONSOLE_DEV_SIGNING_KEY_FILE &&
      !c.AUTH_PUBLIC_KEY_FILE
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['CONSOLE_DEV_SIGNING_KEY_FILE'],
        message: 'is required for CONSOLE_DEV_SIGN_IN=1 without AUTH_PUBLIC_KEY_FILE beside the local key',
      });
    }
  });

export type ConsoleConfig = z.infer<typeof configSchema>;

/**
 * The HTTP APIs forwarded by their path segment under /api/: the five societies and linkage's own (its RPCs
 * take /api/linkage/<Method>, one segment, which the gateway's routes answer first).
 */
export const societiesOf = (c: ConsoleConfig): Record<string, string> => ({
  community: c.COMMUNITY_URL,
  organization: c.ORGANIZATION_URL,
  'social-worker': c.SOCIAL_WORKER_URL,
  volunteer: c.VOLUNTEER_URL,
  charity: c.CHARITY_URL,
  linkage: c.LINKAGE_URL,
});

/** The development sign-in is on only when asked for and no issuer is configured. */
export const devSignInEnabled = (c: ConsoleConfig): boolean =>
  c.CONSOLE_DEV_SIGN_IN && !c.CONSOLE_OIDC_ISSUER;

/** The local private key the development sign-in signs with. */
export const devSigningKeyFile = (c: ConsoleConfig): string | undefined =>
  c.CONSOLE_DEV_SIGNING_KEY_FILE ??
  (c.AUTH_PUBLIC_KEY_FILE ? join(dirname(c.AUTH_PUBLIC_KEY_FILE), 'dev-private.pem') : undefined);
