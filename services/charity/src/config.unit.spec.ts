import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@fivesoc/service-kit';
import { configSchema } from './config.ts';

const env = {
  MONGODB_URL: 'mongodb://127.0.0.1:27117',
  KAFKA_BROKERS: '127.0.0.1:29092',
  AUTH_PUBLIC_KEY_FILE: '/tmp/none.pem',
};

describe('charity configuration', () => {
  it('stops at boot naming PII_MASTER_KEY when it is missing or not 32 base64 bytes', () => {
    expect(() => loadConfig(configSchema, env)).toThrow(ConfigError);
    expect(() => loadConfig(configSchema, env)).toThrow(/PII_MASTER_KEY/);
    expect(() => loadConfig(configSchema, { ...env, PII_MASTER_KEY: 'c2hvcnQ=' })).toThrow(/PII_MASTER_KEY/);
  });

  it('starts with a 32-byte key on port 4105 and its own database and topic', () => {
    const c = loadConfig(configSchema, { ...env, PII_MASTER_KEY: randomBytes(32).toString('base64') });
    expect(c).toMatchObject({
      HTTP_PORT: 4105,
      MONGODB_DB: 'fivesoc_charity',
      KAFKA_TOPIC: 'fivesoc.charity.events',
      COMMUNITY_TOPIC: 'fivesoc.community.events',
    });
    expect(() =>
      loadConfig(configSchema, {
        ...env,
        PII_MASTER_KEY: randomBytes(32).toString('base64'),
        COMMUNITY_TOPIC: 'no spaces',
      }),
    ).toThrow(/COMMUNITY_TOPIC/);
  });
});
