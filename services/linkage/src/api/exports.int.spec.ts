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
  type Role,
  type RunningService,
} from '@fivesoc/service-kit';
import { freshDbName, freshTopicName, readExport, useInfra } from '@fivesoc/test-support';
import type { LinkageConfig } from '../config.ts';
import { initialCaseState } from '../cases/domain/state.ts';
import { caseViewsOf, type CaseViewDoc } from '../cases/projection/caseView.ts';
import { service } from '../service.ts';

let svc: RunningService<LinkageConfig>;
let pem: string;

type Scope = { level: 'district' | 'street' | 'community'; code: string };
const get = async (url: string, roles: Role[], scope: Scope = { level: 'district', code: '330102' }) => {
  const token = await signLocalToken(pem, {
    subject: 'u-1',
    roles,
    scopeLevel: scope.level,
    scopeCode: scope.code,
  });
  return svc.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
};

/** A case as the projection writes it (the case workflow itself is covered by the case specs). */
const view = (n: number, streetCode: string, extra: Partial<CaseViewDoc> = {}): CaseViewDoc => ({
  _id: `case-${n}`,
  _v: 3,
  caseId: `case-${n}`,
  needId: `need-${n}`,
  districtCode: '330102',
  streetCode,
  communityCode: `${streetCode}001`,
  category: 'elder_care',
  urgency: 'high',
  status: 'open',
  workerId: null,
  openedAt: `2026-11-0${n}T08:00:00.000Z`,
  closedAt: null,
  firstMatchAt: null,
  confirmed: { volunteer: 0, organization: 0, donation: 0 },
  openDonationItems: false,
  state: initialCaseState(),
  ...extra,
});

beforeAll(async () => {
  const keys = await ensureLocalKeys(mkdtempSync(join(tmpdir(), 'fivesoc-linkage-')));
  pem = readPem(keys.privateKeyFile);
  const topic = (name: string) => freshTopicName(`lk-exp-${name}`);
  svc = await startService(service, {
    KAFKA_BROKERS: useInfra().kafkaBrokers.join(','),
    MONGODB_URL: useInfra().mongoUrl,
    MONGODB_DB: freshDbName('lk-exp'),
    AUTH_PUBLIC_KEY_FILE: keys.publicKeyFile,
    COMMUNITY_TOPIC: topic('community'),
    SOCIAL_WORKER_TOPIC: topic('worker'),
    VOLUNTEER_TOPIC: topic('volunteer'),
    ORGANIZATION_TOPIC: topic('organization'),
    CHARITY_TOPIC: topic('charity'),
    KAFKA_TOPIC: topic('cases'),
    AUTO_OPEN_CASES: 'false',
    SOCIETY_TOKEN: 'not-used-since-no-case-is-opened-here',
    PII_MASTER_KEY: randomBytes(32).toString('base64'),
    HTTP_PORT: '0',
    GRPC_PORT: '0',
    LOG_LEVEL: 'silent',
  });
  await caseViewsOf(svc.ctx.db).insertMany([
    view(1, '330102001', {
      status: 'in_delivery',
      workerId: 'w-1',
      firstMatchAt: '2026-11-01T08:10:00.000Z',
      confirmed: { volunteer: 2, organization: 0, donation: 1 },
    }),
    view(2, '330102001', { status: 'closed', closedAt: '2026-11-03T08:00:00.000Z' }),
    view(3, '330102002'),
  ]);
}, 60_000);
afterAll(async () => {
  await svc.ctx.db.dropDatabase().catch(() => undefined);
  await svc.close();
});

describe('linkage exports', () => {
  it('exports the cases of a street as XLSX with zh-CN headers, and none of them to another street', async () => {
    const r = await get('/v1/exports/cases', ['street_admin'], { level: 'street', code: '330102001' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-disposition']).toMatch(/filename\*=UTF-8''cases-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const [head, ...rows] = await readExport(r.rawPayload, 'xlsx');
    expect(head!.slice(0, 3)).toEqual(['个案编号', '需求编号', '状态']);
    expect(head).toContain('社工');
    expect(rows.map((c) => [c[0], c[2], c[8], c[12], c[14]])).toEqual([
      ['case-1', '服务中', 'w-1', '2', '1'],
      ['case-2', '已结案', '', '0', '0'],
    ]);
    expect(rows[0]!.slice(3, 5)).toEqual(['养老服务', '高']);
    // The workbench's category filter: no case of the street is a child-care one.
    const none = await get('/v1/exports/cases?format=csv&category=child_care', ['street_admin'], {
      level: 'street',
      code: '330102001',
    });
    expect(await readExport(none.rawPayload, 'csv')).toHaveLength(1);
    const other = await get('/v1/exports/cases?format=csv', ['street_admin'], {
      level: 'street',
      code: '330102002',
    });
    expect((await readExport(other.rawPayload, 'csv')).map((c) => c[0])).toEqual(['个案编号', 'case-3']);
  });

  it('exports the statistics by district, street and community, in English on asking', async () => {
    const r = await get('/v1/exports/statistics?format=csv&lang=en-US', ['district_admin']);
    const [head, ...rows] = await readExport(r.rawPayload, 'csv');
    expect(head!.slice(0, 6)).toEqual([
      'Level',
      'District',
      'Street',
      'Community',
      'Open cases',
      'Closed cases',
    ]);
    expect(rows.map((a) => a.slice(0, 7))).toEqual([
      ['district', '330102', '', '', '2', '1', '1'],
      ['street', '330102', '330102001', '', '1', '1', '1'],
      ['street', '330102', '330102002', '', '1', '0', '0'],
      ['community', '330102', '330102001', '330102001001', '1', '1', '1'],
      ['community', '330102', '330102002', '330102002001', '1', '0', '0'],
    ]);
    expect(rows[0]![7]).toBe('600');
  });

  it('refuses a role without the export, and names a bad format or an unknown field', async () => {
    expect((await get('/v1/exports/cases', ['social_worker'])).statusCode).toBe(403);
    expect((await get('/v1/exports/statistics', ['integration_client'])).statusCode).toBe(403);
    const bad = await get('/v1/exports/cases?format=ods', ['district_admin']);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { field: string } }>().error.field).toBe('query.format');
    const personal = await get('/v1/exports/cases?personal=true', ['district_admin']);
    expect(personal.statusCode).toBe(400);
  });
});
