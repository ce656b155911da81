import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredRoutes, ROLES } from '@fivesoc/service-kit';
import {
  createThroughRoutes,
  databaseDigest,
  matrixLine,
  runAccessMatrix,
  settle,
  validateOpenApi,
  type FieldValues,
  type MatrixOptions,
} from '@fivesoc/test-support';
import { startHarness, type Harness } from './testing/harness.ts';

// The seed's Wuchang tree (packages/seed): 武昌区 420106, its first two streets, two communities of the first.
const D = '420106';
const S1 = `${D}001`;
const S2 = `${D}002`;
const C1 = `${S1}001`;
const C2 = `${S1}002`;
const C3 = `${S2}001`;
const OWNER = 'org-matrix';

describe('community: every route × role × scope', () => {
  let h: Harness;
  const fields: FieldValues = {
    districtCode: D,
    streetCode: S1,
    communityCode: C1,
    code: C1,
    survivorCode: C2,
    // The ops routes' path parameters: a group the service does not run answers 404, as it should.
    groupId: 'matrix-group',
    organizationId: OWNER,
    // Valid in time: consent given in the past, bookings ahead, within opening hours.
    at: '2025-06-01T08:00:00.000Z',
    date: '2031-03-04',
    opensAt: '08:00',
    closesAt: '20:00',
    start: '09:00',
    end: '10:00',
    name: '矩阵测试居民',
    phone: '13800000000',
    idNumber: '42010619800101123X',
  };
  let options: MatrixOptions;

  beforeAll(async () => {
    h = await startHarness('matrix');
    const admin = { roles: ['district_admin' as const], level: 'district' as const, code: D };
    await h.call('POST', '/v1/districts', { as: admin, body: { code: D, name: '武昌区' } });
    for (const [code, name] of [
      [S1, '积玉桥街道'],
      [S2, '杨园街道'],
    ])
      await h.call('POST', '/v1/streets', { as: admin, body: { code, name, districtCode: D } });
    for (const [code, name, streetCode] of [
      [C1, '积玉桥社区', S1],
      [C2, '和平社区', S1],
      [C3, '杨园社区', S2],
    ])
      await h.call('POST', '/v1/communities', { as: admin, body: { code, name, streetCode } });
    const app = h.svc.app;
    options = {
      service: 'community',
      routes: declaredRoutes(app),
      roles: ROLES,
      inject: async (req) => {
        const r = await app.inject(req as never);
        return { statusCode: r.statusCode, body: r.body };
      },
      sign: (c) => h.token({ roles: c.roles as never, level: c.level, code: c.code, subject: c.subject }),
      home: { districtCode: D, streetCode: S1, communityCode: C1 },
      outside: { sameStreetCommunity: C2, otherStreet: S2, otherDistrict: '420102' },
      owner: OWNER,
      fields: () => fields,
      markers: () =>
        Object.entries(fields)
          .filter(([k, v]) => typeof v === 'string' && (/id$/i.test(k) || k === 'name') && v !== OWNER)
          .map(([, v]) => v as string),
      snapshot: () => databaseDigest(h.db),
      contentType: (r) => (r.url.startsWith('/v1/imports') ? 'application/x-ndjson' : undefined),
      rawBody: (r) => (r.url.startsWith('/v1/imports') ? '' : undefined),
    };
    const problems = await createThroughRoutes(options, fields, {
      skip: (r) =>
        ['/v1/districts', '/v1/streets', '/v1/communities'].includes(r.url) || r.url.includes('/merge'),
    });
    if (problems.length) console.log(`community fixture, not made: ${problems.join('; ')}`);
    await settle(() => databaseDigest(h.db));
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('serves an OpenAPI document that a standard validator accepts', async () => {
    const doc = (await h.svc.app.inject({ url: '/docs/json' })).json<unknown>();
    const operations = await validateOpenApi(doc);
    console.log(`community OpenAPI: ${operations} operations, valid`);
    expect(operations).toBeGreaterThan(20);
  });

  it('answers every declared route as the declarations say: 401, 403, nothing of another place', async () => {
    const r = await runAccessMatrix(options);
    console.log(matrixLine(r, 'community'));
    expect(r.failures).toEqual([]);
    expect(r.covered).toBe(r.routes);
  }, 300_000);
});
