import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DISTRICT,
  OTHER_STREET,
  STREET,
  registration,
  startHarness,
  type Harness,
  type WorkerJson,
} from '../testing/harness.ts';

let h: Harness;
let district: string;
let street: string;
beforeAll(async () => {
  h = await startHarness();
  district = await h.token(['district_admin']);
  street = await h.token(['street_admin'], { level: 'street', code: STREET });
});
afterAll(async () => h.close());

describe('registering workers', () => {
  it('registers a worker and stores name and phone only sealed', async () => {
    const body = registration();
    const res = await h.call('POST', '/v1/workers', street, body);
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.json<WorkerJson>()).toMatchObject({
      workerId: body.workerId,
      status: 'active',
      availableCapacity: 3,
    });
    const events = await h.svc.ctx.db.collection('es_commits').find({}).toArray();
    const stored = JSON.stringify(events);
    expect(stored).toContain(body.workerId);
    expect(stored).not.toContain(body.name);
    expect(stored).not.toContain(body.phone);
  });

  it('refuses without a token (401) and for roles other than admins (403)', async () => {
    expect(
      (await h.svc.app.inject({ method: 'POST', url: '/v1/workers', payload: registration() })).statusCode,
    ).toBe(401);
    const volunteer = await h.token(['volunteer']);
    expect((await h.call('POST', '/v1/workers', volunteer, registration())).statusCode).toBe(403);
    const worker = await h.token(['social_worker']);
    expect((await h.call('POST', '/v1/workers', worker, registration())).statusCode).toBe(403);
  });

  it('refuses a street admin registering a worker on another street', async () => {
    const other = `${OTHER_STREET}`;
    const body = registration({
      streetCode: other,
      stationCode: `${other}-1`,
      coveredCommunityCodes: [`${other}001`],
    });
    expect((await h.call('POST', '/v1/workers', street, body)).statusCode).toBe(403);
    expect((await h.call('POST', '/v1/workers', district, body)).statusCode).toBe(201);
  });

  it('names the offending field: a covered community off the street, an unknown field, a bad level', async () => {
    const off = await h.call(
      'POST',
      '/v1/workers',
      street,
      registration({ coveredCommunityCodes: [`${STREET}001`, `${OTHER_STREET}001`] }),
    );
    expect(off.statusCode).toBe(400);
    expect(off.json<WorkerJson>().error?.field).toBe('body.coveredCommunityCodes.1');
    const unknown = await h.call('POST', '/v1/workers', street, { ...registration(), idNumber: 'x' });
    expect(unknown.json<WorkerJson>().error?.field).toBe('body.idNumber');
    const level = await h.call('POST', '/v1/workers', street, registration({ qualificationLevel: 'master' }));
    expect(level.json<WorkerJson>().error?.field).toBe('body.qualificationLevel');
    const cert = await h.call('POST', '/v1/workers', street, registration({ certificateNumber: 'zj-1' }));
    expect(cert.json<WorkerJson>().error?.field).toBe('body.certificateNumber');
    const big = await h.call('POST', '/v1/workers', street, registration({ maxCaseload: 101 }));
    expect(big.json<WorkerJson>().error?.field).toBe('body.maxCaseload');
  });

  it('keeps certificate numbers unique, and frees the number when a registration fails', async () => {
    const first = registration();
    expect((await h.call('POST', '/v1/workers', street, first)).statusCode).toBe(201);
    const dup = await h.call(
      'POST',
      '/v1/workers',
      street,
      registration({ certificateNumber: first.certificateNumber }),
    );
    expect(dup.statusCode).toBe(409);
    // The same worker id again with a fresh number fails; that number must not stay reserved.
    const fresh = registration();
    const again = await h.call('POST', '/v1/workers', street, { ...fresh, workerId: first.workerId });
    expect(again.statusCode).toBe(409);
    expect((await h.call('POST', '/v1/workers', street, fresh)).statusCode).toBe(201);
  });

  it('lets exactly one of racing registrations with one certificate number win', async () => {
    const cert = registration().certificateNumber;
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        h.call('POST', '/v1/workers', street, registration({ certificateNumber: cert })),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
  });
});

describe('reading one worker', () => {
  it('shows the worker their own record with name and phone, and refuses other workers', async () => {
    const body = registration();
    await h.call('POST', '/v1/workers', street, body);
    const self = await h.token(['social_worker'], { level: 'street', code: STREET }, body.workerId);
    const own = await h.call('GET', `/v1/workers/${body.workerId}`, self);
    expect(own.statusCode).toBe(200);
    expect(own.json<WorkerJson>()).toMatchObject({ name: body.name, phone: body.phone, activeCaseCount: 0 });
    const colleague = await h.token(['social_worker'], { level: 'street', code: STREET }, 'someone-else');
    expect((await h.call('GET', `/v1/workers/${body.workerId}`, colleague)).statusCode).toBe(403);
    const otherStreet = await h.token(['street_admin'], { level: 'street', code: OTHER_STREET });
    expect((await h.call('GET', `/v1/workers/${body.workerId}`, otherStreet)).statusCode).toBe(403);
    expect((await h.call('GET', '/v1/workers/nobody', district)).statusCode).toBe(404);
    // Linkage sees load and coverage, not the worker's name and phone (it does not need them).
    const linkage = await h.token(['integration_client']);
    const seen = await h.call('GET', `/v1/workers/${body.workerId}`, linkage);
    expect(seen.statusCode).toBe(200);
    expect(seen.json<WorkerJson>()).not.toHaveProperty('name');
  });
});

describe('changing, suspending, reinstating, leaving', () => {
  it('updates with If-Match and answers a stale one with 409', async () => {
    const body = registration();
    await h.call('POST', '/v1/workers', street, body);
    const url = `/v1/workers/${body.workerId}`;
    const ok = await h.call(
      'PATCH',
      url,
      street,
      { maxCaseload: 5, phone: '13900139000' },
      { 'if-match': '"1"' },
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.json<WorkerJson>().availableCapacity).toBe(5);
    const stale = await h.call('PATCH', url, street, { maxCaseload: 6 }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);
    expect((await h.call('GET', url, district)).json<WorkerJson>()).toMatchObject({
      phone: '13900139000',
      name: body.name,
    });
    const off = await h.call('PATCH', url, street, { coveredCommunityCodes: [`${OTHER_STREET}001`] });
    expect(off.json<WorkerJson>().error?.field).toBe('body.coveredCommunityCodes.0');
  });

  it('answers a repeated Idempotency-Key with the first answer and stores nothing new', async () => {
    const body = registration();
    await h.call('POST', '/v1/workers', street, body);
    const url = `/v1/workers/${body.workerId}/suspend`;
    const key = { 'idempotency-key': `k-${body.workerId}` };
    const first = await h.call('POST', url, street, { reason: 'leave of absence' }, key);
    const again = await h.call('POST', url, street, { reason: 'leave of absence' }, key);
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect((await h.call('GET', `/v1/workers/${body.workerId}`, district)).headers.etag).toBe('"2"');
  });

  it('suspends with a reason, reinstates, and takes no command after leaving', async () => {
    const body = registration();
    await h.call('POST', '/v1/workers', street, body);
    const url = `/v1/workers/${body.workerId}`;
    const s = await h.call('POST', `${url}/suspend`, street, { reason: 'training' });
    expect(s.json<WorkerJson>()).toMatchObject({ status: 'suspended', availableCapacity: 0 });
    expect((await h.call('POST', `${url}/suspend`, street, { reason: 'again' })).statusCode).toBe(422);
    expect((await h.call('POST', `${url}/reinstate`, street, {})).json<WorkerJson>().status).toBe('active');
    expect(
      (await h.call('POST', `${url}/leave`, street, { reason: 'moved away' })).json<WorkerJson>().status,
    ).toBe('left');
    expect((await h.call('POST', `${url}/reinstate`, street, {})).statusCode).toBe(422);
    expect((await h.call('PATCH', url, street, { maxCaseload: 4 })).statusCode).toBe(422);
    // Leaving frees the certificate number for a later registration of the same person.
    expect(
      (
        await h.call(
          'POST',
          '/v1/workers',
          district,
          registration({ certificateNumber: body.certificateNumber }),
        )
      ).statusCode,
    ).toBe(201);
    expect(DISTRICT).toBe('330102');
  });
});

describe('documentation', () => {
  it('serves the OpenAPI document with every worker route', async () => {
    const res = await h.svc.app.inject('/docs/json');
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json<{ paths: Record<string, unknown> }>().paths);
    for (const p of [
      '/v1/workers',
      '/v1/workers/{workerId}',
      '/v1/workers/{workerId}/assign',
      '/v1/workers/{workerId}/talent-records',
    ])
      expect(paths).toContain(p);
  });
});
