import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, serviceConfigSchema } from './config.ts';

const valid = {
  MONGODB_URL: 'mongodb://127.0.0.1:27117',
  KAFKA_BROKERS: '127.0.0.1:29092, 127.0.0.1:29094',
  AUTH_PUBLIC_KEY_FILE: '/tmp/key.pem',
};
const schema = serviceConfigSchema('social-worker', 4103);

describe('service configuration', () => {
  it('applies defaults: own database, own topic, loopback host, the service port', () => {
    const c = loadConfig(schema, valid);
    expect(c).toMatchObject({
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: 4103,
      MONGODB_DB: 'fivesoc_social_worker',
      KAFKA_TOPIC: 'fivesoc.social-worker.events',
      KAFKA_BROKERS: ['127.0.0.1:29092', '127.0.0.1:29094'],
      SHUTDOWN_TIMEOUT_MS: 10_000,
    });
  });

  it('refuses an empty KAFKA_BROKERS with one line naming it', () => {
    const err = (() => {
      try {
        loadConfig(schema, { ...valid, KAFKA_BROKERS: '' });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err?.message).toBe('invalid configuration: KAFKA_BROKERS must not be empty');
    expect(err?.message).not.toContain('\n');
  });

  it('names a missing variable as required', () => {
    const { MONGODB_URL: _omit, ...rest } = valid;
    expect(() => loadConfig(schema, rest)).toThrow('MONGODB_URL is required');
  });

  it('refuses a malformed broker list and a non-numeric port', () => {
    expect(() => loadConfig(schema, { ...valid, KAFKA_BROKERS: 'localhost' })).toThrow(
      /KAFKA_BROKERS each broker must be host:port/,
    );
    expect(() => loadConfig(schema, { ...valid, HTTP_PORT: 'eighty' })).toThrow(/HTTP_PORT/);
    expect(() => loadConfig(schema, { ...valid, MONGODB_URL: 'http://x' })).toThrow(
      /MONGODB_URL must be a mongodb:\/\/ URL/,
    );
  });

  it('requires a way to verify tokens', () => {
    const { AUTH_PUBLIC_KEY_FILE: _omit, ...rest } = valid;
    expect(() => loadConfig(schema, rest)).toThrow(
      /AUTH_PUBLIC_KEY_FILE set AUTH_PUBLIC_KEY_FILE or AUTH_JWKS_URL/,
    );
  });

  it('reads token lifetimes per kind of caller, and refuses one that is not a duration', () => {
    expect(loadConfig(schema, valid)).toMatchObject({
      AUTH_MAX_TTL_PEOPLE: 12 * 3600,
      AUTH_MAX_TTL_INTEGRATION_CLIENT: 30 * 86_400,
      AUTH_CLOCK_SKEW: 60,
    });
    expect(loadConfig(schema, { ...valid, AUTH_MAX_TTL_PEOPLE: '15m' }).AUTH_MAX_TTL_PEOPLE).toBe(900);
    for (const bad of [
      { AUTH_MAX_TTL_PEOPLE: 'forever' },
      { AUTH_MAX_TTL_INTEGRATION_CLIENT: '0s' },
      { AUTH_CLOCK_SKEW: '2h' },
    ])
      expect(() => loadConfig(schema, { ...valid, ...bad })).toThrow(Object.keys(bad)[0]);
  });

  it('asks for a 32-byte PII_MASTER_KEY only of a service that seals personal data, and keeps it through safeExtend', () => {
    expect(() => loadConfig(schema, valid)).not.toThrow();
    const sealing = serviceConfigSchema('community', 4101, { personalData: true }).safeExtend({});
    expect(() => loadConfig(sealing, valid)).toThrow(
      /^invalid configuration: PII_MASTER_KEY must be 32 bytes/,
    );
    expect(() => loadConfig(sealing, { ...valid, PII_MASTER_KEY: 'c2hvcnQ=' })).toThrow(/PII_MASTER_KEY/);
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig(sealing, { ...valid, PII_MASTER_KEY: key }).PII_MASTER_KEY).toBe(key);
  });
});
