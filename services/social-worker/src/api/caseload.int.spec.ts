import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OTHER_STREET,
  STREET,
  registration,
  startHarness,
  type Harness,
  type WorkerJson,
} from '../testing/harness.ts';

let h: Harness;
let admin: string;
let linkage: string;
beforeAll(async () => {
  h = await startHarness();
  admin = await h.token(['street_admin'], { level: 'street', code: STREET });
  linkage = await h.token(['integration_client']);
});
afterAll(async () => h.close());

async function worker(overrides: Record<string, unknown> = {}): Promise<string> {
  const body = registration(overrides);
  expect((await h.call('POST', '/v1/workers', admin, body)).statusCode).toBe(201);
  return `/v1/workers/${body.workerId}`;
}

describe('caseload', () => {
  it('never goes above the maximum: of 10 concurrent assigns to a worker with max 3, exactly 3 succeed', async () => {
    const url = await worker({ maxCaseload: 3 });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => h.call('POST', `${url}/assign`, linkage, { caseId: `case-${i}` })),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(3);
    expect(codes.filter((c) => c === 422)).toHaveLength(7);
    for (const r of results.filter((x) => x.statusCode === 422))
      expect(r.json<WorkerJson>().error?.details).toMatchObject({ availableCapacity: 0, maxCaseload: 3 });
    const now = (await h.call('GET', url, admin)).json<WorkerJson>();
    expect(now).toMatchObject({ activeCaseCount: 3, availableCapacity: 0 });
  });

  it('releases an assigned case, freeing capacity, and refuses releasing a case not assigned', async () => {
    const url = await worker({ maxCaseload: 1 });
    expect((await h.call('POST', `${url}/assign`, linkage, { caseId: 'c-1' })).statusCode).toBe(200);
    const full = await h.call('POST', `${url}/assign`, linkage, { caseId: 'c-2' });
    expect(full.statusCode).toBe(422);
    const released = await h.call('POST', `${url}/release`, admin, { caseId: 'c-1' });
    expect(released.json<WorkerJson>()).toMatchObject({ activeCaseCount: 0, availableCapacity: 1 });
    const notAssigned = await h.call('POST', `${url}/release`, linkage, { caseId: 'c-9' });
    expect(notAssigned.statusCode).toBe(422);
    expect(notAssigned.json<WorkerJson>().error?.message).toMatch(/not assigned/);
  });

  it('gives a suspended or departed worker no assignment', async () => {
    const url = await worker();
    await h.call('POST', `${url}/suspend`, admin, { reason: 'sick leave' });
    expect((await h.call('POST', `${url}/assign`, linkage, { caseId: 'c-1' })).statusCode).toBe(422);
    await h.call('POST', `${url}/leave`, admin, { reason: 'retired' });
    const after = await h.call('POST', `${url}/assign`, linkage, { caseId: 'c-1' });
    expect(after.statusCode).toBe(422);
    expect(after.json<WorkerJson>().error?.message).toMatch(/left/);
  });

  it('lets linkage and admins assign, and refuses social workers and out-of-scope admins', async () => {
    const url = await worker();
    const self = await h.token(['social_worker'], { level: 'street', code: STREET }, 'w');
    expect((await h.call('POST', `${url}/assign`, self, { caseId: 'c-1' })).statusCode).toBe(403);
    const other = await h.token(['street_admin'], { level: 'street', code: OTHER_STREET });
    expect((await h.call('POST', `${url}/assign`, other, { caseId: 'c-1' })).statusCode).toBe(403);
    const bad = await h.call('POST', `${url}/assign`, linkage, { caseId: 'c 1' });
    expect(bad.json<WorkerJson>().error?.field).toBe('body.caseId');
    expect((await h.call('POST', `${url}/assign`, admin, { caseId: 'c-1' })).statusCode).toBe(200);
  });
});
