import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '@fivesoc/service-kit';
import { organizationConfigSchema } from './config.ts';

const env = {
  MONGODB_URL: 'mongodb://127.0.0.1:27117',
  KAFKA_BROKERS: '127.0.0.1:29092',
  AUTH_PUBLIC_KEY_FILE: '/tmp/key.pem',
};

describe('organization configuration', () => {
  it('stops at boot with one line naming PII_MASTER_KEY when it is missing or not 32 bytes', () => {
    expect(() => loadConfig(organizationConfigSchema, env)).toThrow(
      /^invalid configuration: PII_MASTER_KEY must be 32 bytes/,
    );
    expect(() => loadConfig(organizationConfigSchema, { ...env, PII_MASTER_KEY: 'c2hvcnQ=' })).toThrow(
      /PII_MASTER_KEY/,
    );
  });

  it('reads the lifecycle periods with their defaults', () => {
    const c = loadConfig(organizationConfigSchema, {
      ...env,
      PII_MASTER_KEY: randomBytes(32).toString('base64'),
      ZOMBIE_AFTER_DAYS: '90',
    });
    expect(c).toMatchObject({
      ABNORMAL_INACTIVITY_DAYS: 730,
      ZOMBIE_AFTER_DAYS: 90,
      HTTP_PORT: 4102,
      CATALOGUE_MIN_RATING: 3,
    });
  });
});
