import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '@fivesoc/service-kit';
import { configSchema } from './config.ts';

const env = {
  MONGODB_URL: 'mongodb://127.0.0.1:27117',
  KAFKA_BROKERS: '127.0.0.1:29092',
  AUTH_PUBLIC_KEY_FILE: '/tmp/key.pem',
};

describe('the community service configuration', () => {
  it('refuses to start without a 32-byte PII_MASTER_KEY, naming it in one line', () => {
    expect(() => loadConfig(configSchema, env)).toThrow(
      /^invalid configuration: PII_MASTER_KEY must be 32 bytes/,
    );
    expect(() => loadConfig(configSchema, { ...env, PII_MASTER_KEY: 'c2hvcnQ=' })).toThrow(/PII_MASTER_KEY/);
  });

  it('starts on port 4101 with its own database and topic when the key is there', () => {
    const c = loadConfig(configSchema, { ...env, PII_MASTER_KEY: randomBytes(32).toString('base64') });
    expect(c).toMatchObject({
      HTTP_PORT: 4101,
      MONGODB_DB: 'fivesoc_community',
      KAFKA_TOPIC: 'fivesoc.community.events',
    });
  });
});
