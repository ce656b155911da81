import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureLocalKeys,
  readPem,
  signLocalToken,
  startService,
  type RunningService,
  type ServiceDefinition,
} from '@fivesoc/service-kit';
import { freshDbName, freshTopicName, useInfra } from '@fivesoc/test-support';
import { service as charity } from '../../../services/charity/src/service.ts';
import { service as community } from '../../../services/community/src/service.ts';
import { service as socialWorker } from '../../../services/social-worker/src/service.ts';
import { service as volunteer } from '../../../services/volunteer/src/service.ts';
import type { SeedSizes } from './generate.ts';
import { DISTRICT_SCOPE, loadDemo, type ServiceName } from './load.ts';
import { derivedId } from './tally.ts';

const sizes: SeedSizes = {
  streets: 2,
  communitiesPerStreet: 2,
  needs: 4,
  workers: 3,
  volunteers: 4,
  organizations: 2,
  donors: 3,
  funds: 2,
  donations: 4,
};
const SEED = 11;

describe('loadDemo against the running services', () => {
  const keysDir = mkdtempSync(join(tmpdir(), 'fivesoc-seed-'));
  const running: Array<{ svc: RunningService; db: string }> = [];
  const urls: Partial<Record<ServiceName, string>> = {};
  let admin = '';

  beforeAll(async () => {
    const infra = useInfra();
    const keys = await ensureLocalKeys(keysDir);
    admin = await signLocalToken(readPem(keys.privateKeyFile), {
      subject: 'reader',
      roles: ['district_admin'],
      ...DISTRICT_SCOPE,
    });
    const topics: Partial<Record<ServiceName, string>> = {};
    const start = async (name: ServiceName, def: ServiceDefinition) => {
      const db = freshDbName(`seed-${name}`);
      topics[name] = freshTopicName(`seed-${name}`);
      const svc = await startService(def, {
        KAFKA_BROKERS: infra.kafkaBrokers.join(','),
        MONGODB_URL: infra.mongoUrl,
        MONGODB_DB: db,
        KAFKA_TOPIC: topics[name],
        // charity learns where needs are from the community society's topic.
        COMMUNITY_TOPIC: topics.community ?? freshTopicName('seed-community'),
        AUTH_PUBLIC_KEY_FILE: keys.publicKeyFile,
        PII_MASTER_KEY: randomBytes(32).toString('base64'),
        HTTP_PORT: '0',
        LOG_LEVEL: 'silent',
      });
      running.push({ svc, db });
      urls[name] = svc.url;
    };
    await start('community', community);
    await start('socialWorker', socialWorker);
    await start('volunteer', volunteer as unknown as ServiceDefinition);
    await start('charity', charity as unknown as ServiceDefinition);
    // Organization is not started: its URL points at a service without its routes (the 404 → skip path).
    urls.organization = urls.community;
  });

  afterAll(async () => {
    for (const { svc, db } of running) {
      await svc.ctx.mongo.db(db).dropDatabase();
      await svc.close();
    }
  });

  const get = async (name: ServiceName, path: string) => {
    const res = await fetch(`${urls[name]}${path}`, { headers: { authorization: `Bearer ${admin}` } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('creates every record once, and a second run creates nothing and reports them existing', async () => {
    const lines: string[] = [];
    const first = await loadDemo({ urls, keysDir, seed: SEED, sizes, log: (l) => lines.push(l) });
    const expected = {
      districts: 1,
      streets: 2,
      communities: 4,
      needs: 4,
      workers: 3,
      volunteers: 4,
      donors: 3,
      funds: 2,
      donations: 4,
    };
    for (const [resource, n] of Object.entries(expected))
      expect(first[resource], resource).toEqual({ created: n, existing: 0, failed: 0 });
    expect(first.organizations).toBeUndefined();
    expect(lines.some((l) => l.includes('organization routes answer 404'))).toBe(true);

    const second = await loadDemo({ urls, keysDir, seed: SEED, sizes });
    for (const [resource, n] of Object.entries(expected))
      expect(second[resource], resource).toEqual({ created: 0, existing: n, failed: 0 });
  });

  it('leaves records that read back through the APIs', async () => {
    const unit = await get('community', '/v1/units/420106001001');
    expect(unit.status).toBe(200);
    expect(unit.body.name).toMatch(/社区$/);

    const needId = derivedId.community('seed-loader', `seed:${SEED}:need-1`);
    const need = await get('community', `/v1/needs/${needId}`);
    expect(need.status).toBe(200);
    expect(need.body.communityCode).toMatch(/^420106\d{6}$/);

    const worker = await get('socialWorker', `/v1/workers/s${SEED}-worker-1`);
    expect(worker.status).toBe(200);
    expect(worker.body.maxCaseload).toBeGreaterThan(0);

    const donationId = derivedId.charity('seed-loader', '/v1/donations', `seed:${SEED}:donation-1`);
    const donation = await get('charity', `/v1/donations/${donationId}`);
    expect(donation.status).toBe(200);
    expect(donation.body.districtCode).toBe('420106');
  });
});
