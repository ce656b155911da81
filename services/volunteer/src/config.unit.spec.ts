import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '@fivesoc/service-kit';
import { volunteerConfigSchema } from './config.ts';

const env = {
  MONGODB_URL: 'mongodb://localhost:1',
  KAFKA_BROKERS: 'localhost:2',
  AUTH_PUBLIC_KEY_FILE: '/k.pem',
};

describe('volunteer configuration', () => {
  it('stops at boot with one line naming PII_MASTER_KEY when it is missing or not 32 bytes', () => {
    expect(() => loadConfig(volunteerConfigSchema, env)).toThrow(
      /^invalid configuration: PII_MASTER_KEY must be 32 bytes/,
    );
    expect(() => loadConfig(volunteerConfigSchema, { ...env, PII_MASTER_KEY: 'c2hvcnQ=' })).toThrow(
      /PII_MASTER_KEY/,
    );
  });
  it('reads the key, the port and the auto-confirmation period', () => {
    const c = loadConfig(volunteerConfigSchema, {
      ...env,
      PII_MASTER_KEY: randomBytes(32).toString('base64'),
      HOURS_AUTO_CONFIRM_DAYS: '3',
    });
    expect(c).toMatchObject({ HTTP_PORT: 4104, HOURS_AUTO_CONFIRM_DAYS: 3, MONGODB_DB: 'fivesoc_volunteer' });
  });
});
