import { z } from 'zod';
import { parseMasterKey } from './personal-data.ts';

/** Raised when the environment does not hold a valid configuration; its message is one line naming the variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

// 0 asks the OS for a free port (tests).
const port = z.coerce.number().int().min(0).max(65535);
const nonEmpty = z.string().trim().min(1, 'must not be empty');
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
/** A duration such as `90s`, `15m`, `12h`, `30d`, read as seconds, between `min` and `max` seconds. */
const duration = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,6}[smhd]$/, 'a duration such as 90s, 15m, 12h or 30d')
    .transform((v) => Number(v.slice(0, -1)) * UNIT_SECONDS[v.slice(-1) as keyof typeof UNIT_SECONDS])
    .pipe(z.number().min(min, `at least ${min} s`).max(max, `at most ${max} s`));

/**
 * Settings every service reads. Each is documented here and in the README; a service extends this shape
 * with its own. Parsed once at start, so bad config fails at boot, not at the first request.
 */
export const baseConfigShape = {
  /** Address the HTTP server binds to. Loopback by default: expose deliberately. */
  HTTP_HOST: z.string().default('127.0.0.1'),
  /** Pino level: fatal, error, warn, info, debug, trace, silent. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** MongoDB connection string (a mongod, a replica set, or FerretDB). */
  MONGODB_URL: nonEmpty.pipe(z.url({ protocol: /^mongodb(\+srv)?$/, error: 'must be a mongodb:// URL' })),
  /** Comma-separated Kafka bootstrap brokers, host:port. */
  KAFKA_BROKERS: nonEmpty
    .transform((s) => s.split(',').map((b) => b.trim()))
    .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker must be host:port')).min(1)),
  /** Kafka client id prefix; the service name is appended. */
  KAFKA_CLIENT_ID: z.string().default('fivesoc'),
  /** PEM file with the public key that verifies bearer tokens (the native stack writes one). */
  AUTH_PUBLIC_KEY_FILE: z.string().optional(),
  /** JWKS URL that verifies bearer tokens in production; wins over AUTH_PUBLIC_KEY_FILE. */
  AUTH_JWKS_URL: z.url().optional(),
  /** Expected `iss` claim of tokens. */
  AUTH_ISSUER: z.string().default('fivesoc-local'),
  /** Expected `aud` claim of tokens. */
  AUTH_AUDIENCE: z.string().default('fivesoc'),
  /** Longest lifetime of a person's token (every role but integration_client), from iat to exp. */
  AUTH_MAX_TTL_PEOPLE: duration(60, 7 * 86_400).prefault('12h'),
  /** Longest lifetime of an integration client's token (linkage's society token is 30d). */
  AUTH_MAX_TTL_INTEGRATION_CLIENT: duration(60, 90 * 86_400).prefault('30d'),
  /** How far a token's iat/nbf may lie ahead of this clock (and exp behind it). */
  AUTH_CLOCK_SKEW: duration(0, 600).prefault('60s'),
  /**
   * Base64 32-byte key that seals each person's data key (services holding personal data need it).
   * `./fivesoc` makes a local one in .stack/auth/; production takes it from its secret store.
   */
  PII_MASTER_KEY: z.string().optional(),
  /** Address the Prometheus `/metrics` port binds to. Loopback by default: let a local agent scrape it. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Port of `GET /metrics` (Prometheus text format); default the HTTP port + 1000. */
  METRICS_PORT: port.optional(),
  /** How long a graceful shutdown may take before the process gives up waiting (ms). */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
};

/** A Kafka topic's name, as a setting (a service's own topic, or another society's it reads). */
export const topicName = z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, 'letters, digits, ., _ and - only');

/** Per-service settings: each service owns its database and its topic, named from its own config. */
export const serviceConfigShape = (service: string, defaultHttpPort: number) => ({
  ...baseConfigShape,
  /** HTTP port of this service. */
  HTTP_PORT: port.default(defaultHttpPort),
  /** This service's own MongoDB database: no other service reads it. */
  MONGODB_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/, 'letters, digits, _ and - only')
    .default(`fivesoc_${service.replace(/-/g, '_')}`),
  /** The Kafka topic this service publishes its events to. */
  KAFKA_TOPIC: topicName.default(`fivesoc.${service}.events`),
});

export interface ServiceConfigOptions {
  /**
   * The service seals personal data (PersonalDataVault): it cannot start without a valid PII_MASTER_KEY,
   * and a missing or malformed one stops it at boot with one line naming the variable.
   */
  personalData?: boolean;
}

/** The checks of the kit's settings that span variables (a verifier for tokens, the personal-data key). */
export function checkServiceConfig(
  c: {
    AUTH_JWKS_URL?: string | undefined;
    AUTH_PUBLIC_KEY_FILE?: string | undefined;
    PII_MASTER_KEY?: string | undefined;
  },
  ctx: z.RefinementCtx,
  opts: ServiceConfigOptions = {},
): void {
  if (!c.AUTH_JWKS_URL && !c.AUTH_PUBLIC_KEY_FILE) {
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_PUBLIC_KEY_FILE'],
      message: 'set AUTH_PUBLIC_KEY_FILE or AUTH_JWKS_URL (run `./fivesoc token --init` for a local key)',
    });
  }
  if (opts.personalData) {
    try {
      parseMasterKey(c.PII_MASTER_KEY);
    } catch (err) {
      ctx.addIssue({
        code: 'custom',
        path: ['PII_MASTER_KEY'],
        message: (err as Error).message.replace(/^PII_MASTER_KEY /, ''),
      });
    }
  }
}

/** The kit's settings of a service, checked; a service adds its own with `.safeExtend({...})`. */
export const serviceConfigSchema = (
  service: string,
  defaultHttpPort: number,
  opts: ServiceConfigOptions = {},
) =>
  z
    .object(serviceConfigShape(service, defaultHttpPort))
    .superRefine((c, ctx) => checkServiceConfig(c, ctx, opts));

export type ServiceConfig = z.infer<ReturnType<typeof serviceConfigSchema>>;

/**
 * Parses `env` with `schema`. On failure throws a ConfigError whose message is one line naming every
 * offending variable, e.g. `invalid configuration: KAFKA_BROKERS must not be empty`.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  // An empty variable is a mistake, not "unset": treat `KAFKA_BROKERS=` as the empty string it is.
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const parts = result.error.issues.map((i) => {
    const name = i.path.length > 0 ? String(i.path[0]) : 'environment';
    const msg = i.code === 'invalid_type' && i.input === undefined ? 'is required' : i.message;
    return `${name} ${msg}`;
  });
  throw new ConfigError(`invalid configuration: ${parts.join('; ')}`);
}
