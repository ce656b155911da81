import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREET, registration, startHarness, type Harness, type WorkerJson } from '../testing/harness.ts';

let h: Harness;
let admin: string;
beforeAll(async () => {
  h = await startHarness();
  admin = await h.token(['street_admin'], { level: 'street', code: STREET });
});
afterAll(async () => h.close());

describe('talent records', () => {
  it('appends certifications, titles and secondments and lists them with the worker', async () => {
    const body = registration();
    await h.call('POST', '/v1/workers', admin, body);
    const url = `/v1/workers/${body.workerId}`;
    const secondment = {
      kind: 'secondment',
      from: '2026-03-01',
      to: '2026-08-31',
      organization: '区民政局',
      note: '挂职交流',
    };
    expect((await h.call('POST', `${url}/talent-records`, admin, secondment)).statusCode).toBe(201);
    const title = { kind: 'title', from: '2025-12-01', organization: '区人社局' };
    expect((await h.call('POST', `${url}/talent-records`, admin, title)).statusCode).toBe(201);
    const got = (await h.call('GET', url, admin)).json<WorkerJson>();
    expect(got.talentRecords).toMatchObject([secondment, title]);
  });

  it('refuses a record that ends before it starts, or with an unknown kind, naming the field', async () => {
    const body = registration();
    await h.call('POST', '/v1/workers', admin, body);
    const url = `/v1/workers/${body.workerId}/talent-records`;
    const backwards = await h.call('POST', url, admin, {
      kind: 'title',
      from: '2026-03-01',
      to: '2026-01-01',
      organization: 'x',
    });
    expect(backwards.json<WorkerJson>().error?.field).toBe('body.to');
    const kind = await h.call('POST', url, admin, { kind: 'award', from: '2026-03-01', organization: 'x' });
    expect(kind.json<WorkerJson>().error?.field).toBe('body.kind');
    const worker = await h.token(['social_worker'], { level: 'street', code: STREET }, body.workerId);
    expect(
      (await h.call('POST', url, worker, { kind: 'title', from: '2026-03-01', organization: 'x' }))
        .statusCode,
    ).toBe(403);
  });
});
