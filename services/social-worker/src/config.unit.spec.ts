import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '@fivesoc/service-kit';
import { configSchema } from './config.ts';

const env = {
  MONGODB_URL: 'mongodb://127.0.0.1:27117',
  KAFKA_BROKERS: '127.0.0.1:29092',
  AUTH_PUBLIC_KEY_FILE: '/tmp/key.pem',
};

describe('configuration', () => {
  it('refuses to start without a 32-byte PII master key, naming the variable', () => {
    expect(() => loadConfig(configSchema, env)).toThrow(/PII_MASTER_KEY must be 32 bytes/);
    expect(() => loadConfig(configSchema, { ...env, PII_MASTER_KEY: 'c2hvcnQ=' })).toThrow(/PII_MASTER_KEY/);
  });

  it('starts on port 4103 with its own database and topic', () => {
    const c = loadConfig(configSchema, { ...env, PII_MASTER_KEY: randomBytes(32).toString('base64') });
    expect(c).toMatchObject({
      HTTP_PORT: 4103,
      MONGODB_DB: 'fivesoc_social_worker',
      KAFKA_TOPIC: 'fivesoc.social-worker.events',
    });
  });
});
