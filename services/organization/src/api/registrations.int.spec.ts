import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { application, startHarness, validCode, type Harness } from '../testing/harness.ts';

let h: Harness;
let authority: string;
beforeAll(async () => {
  h = await startHarness();
  authority = await h.token('authority-1', 'registration_authority');
});
afterAll(async () => h.close());

describe('registration over HTTP', () => {
  it('registers a direct category: the organization applies, the authority approves', async () => {
    const org = await h.token('org-direct', 'organization');
    const applied = await h.call('POST', '/v1/organizations', org, application(validCode(1)));
    expect(applied).toMatchObject({
      status: 201,
      body: { id: 'org-direct', registration: 'applied', route: 'direct' },
    });
    const approved = await h.call('POST', '/v1/organizations/org-direct/approval', authority, {});
    expect(approved).toMatchObject({ status: 200, body: { registration: 'registered' }, etag: '"2"' });
  });

  it('needs the business supervisor before the authority for other categories', async () => {
    const org = await h.token('org-edu', 'organization');
    await h.call('POST', '/v1/organizations', org, application(validCode(2), 'education'));
    expect((await h.call('POST', '/v1/organizations/org-edu/approval', authority, {})).status).toBe(422);
    const supervisor = await h.token('edu-bureau', 'supervisor');
    expect(
      (await h.call('POST', '/v1/organizations/org-edu/pre-approval', supervisor, {})).body,
    ).toMatchObject({ registration: 'pre_approved' });
    expect((await h.call('POST', '/v1/organizations/org-edu/approval', authority, {})).status).toBe(200);
  });

  it('rejects with a reason, and frees the credit code for another applicant', async () => {
    const org = await h.token('org-rej', 'organization');
    await h.call('POST', '/v1/organizations', org, application(validCode(3)));
    const r = await h.call('POST', '/v1/organizations/org-rej/rejection', authority, {
      reason: 'name already used',
    });
    expect(r.body).toMatchObject({ registration: 'rejected' });
    const seen = await h.call('GET', '/v1/organizations/org-rej', org);
    expect(seen.body).toMatchObject({ rejectionReason: 'name already used' });
    const other = await h.token('org-rej-2', 'organization');
    expect((await h.call('POST', '/v1/organizations', other, application(validCode(3)))).status).toBe(201);
  });

  it('files a community social organization at street level, in the street admin scope only', async () => {
    const street = await h.token('street-1', 'street_admin', 'street', '110105001');
    const body = {
      name: 'Chess club',
      field: 'culture',
      place: application('x').place,
      legalRepresentative: { name: 'Li Si', phone: '13900000000' },
    };
    const filed = await h.call('POST', '/v1/community-organizations', street, body);
    expect(filed).toMatchObject({ status: 201, body: { registration: 'filed' } });
    const otherStreet = await h.token('street-2', 'street_admin', 'street', '110105002');
    expect((await h.call('POST', '/v1/community-organizations', otherStreet, body)).status).toBe(403);
  });

  it('refuses without a token (401), with a wrong role (403), out of scope (403)', async () => {
    expect((await h.call('POST', '/v1/organizations', undefined, application(validCode(4)))).status).toBe(
      401,
    );
    const volunteer = await h.token('v-1', 'volunteer');
    expect((await h.call('POST', '/v1/organizations', volunteer, application(validCode(4)))).status).toBe(
      403,
    );
    const elsewhere = await h.token('authority-2', 'registration_authority', 'district', '110106');
    expect((await h.call('POST', '/v1/organizations/org-direct/approval', elsewhere, {})).status).toBe(403);
    const stranger = await h.token('org-x', 'organization');
    expect((await h.call('GET', '/v1/organizations/org-direct', stranger)).status).toBe(403);
  });

  it('names the field of a validation error and rejects unknown fields', async () => {
    const org = await h.token('org-bad', 'organization');
    const wrongCheck = `${validCode(5).slice(0, 17)}${validCode(5).endsWith('0') ? '1' : '0'}`;
    const bad = await h.call('POST', '/v1/organizations', org, application(wrongCheck));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('body.creditCode');
    const extra = await h.call('POST', '/v1/organizations', org, { ...application(validCode(5)), vip: true });
    expect(extra.status).toBe(400);
  });

  it('refuses a credit code already held by another organization', async () => {
    const org = await h.token('org-dup', 'organization');
    expect((await h.call('POST', '/v1/organizations', org, application(validCode(1)))).status).toBe(409);
  });

  it('gives one credit code to exactly one of many concurrent applicants', async () => {
    const code = validCode(6);
    const results = await Promise.all(
      Array.from({ length: 6 }, async (_, i) =>
        h.call(
          'POST',
          '/v1/organizations',
          await h.token(`org-race-${i}`, 'organization'),
          application(code),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(5);
  });

  it('answers a stale If-Match with 409 and a repeated Idempotency-Key with the first answer', async () => {
    const org = await h.token('org-idem', 'organization');
    const first = await h.call('POST', '/v1/organizations', org, application(validCode(7)), {
      'idempotency-key': 'k-1',
    });
    const again = await h.call('POST', '/v1/organizations', org, application(validCode(7)), {
      'idempotency-key': 'k-1',
    });
    expect(again).toEqual(first);
    expect(await h.store.streamVersion('organization-org-idem')).toBe(1);
    const stale = await h.call(
      'POST',
      '/v1/organizations/org-idem/approval',
      authority,
      {},
      { 'if-match': '"0"' },
    );
    expect(stale.status).toBe(409);
  });

  it('keeps the legal representative out of the events in clear text', async () => {
    const events = await h.store.readStream('organization-org-direct');
    expect(JSON.stringify(events)).not.toContain('Zhang San');
    expect(JSON.stringify(events)).not.toContain('13800000000');
    expect(
      JSON.stringify((await h.call('GET', '/v1/organizations/org-direct', authority)).body),
    ).not.toContain('Zhang San');
  });

  it('opens the legal representative for the authority only, and erases it for good', async () => {
    const url = '/v1/organizations/org-direct/legal-representative';
    expect((await h.call('GET', url, authority)).body).toEqual({ name: 'Zhang San', phone: '13800000000' });
    expect((await h.call('GET', url, await h.token('org-direct', 'organization'))).status).toBe(403);
    expect((await h.call('POST', `${url}/erasure`, authority, {})).body).toEqual({ erased: true });
    expect((await h.call('GET', url, authority)).status).toBe(404);
  });

  it('writes nothing for a refused application: no vault key, no credit code claim (issue 12)', async () => {
    const keys = () => h.db.collection('person_keys').countDocuments();
    const claims = () => h.db.collection('credit_code_reservations').countDocuments();
    const before = { keys: await keys(), claims: await claims() };
    // An organization that has applied already, and staff applying with a code another one holds.
    const again = await h.call('POST', '/v1/organizations', await h.token('org-direct', 'organization'), {
      ...application(validCode(9)),
    });
    expect(again.status).toBe(422);
    const taken = await h.call('POST', '/v1/organizations', authority, application(validCode(1)));
    expect(taken.status).toBe(409);
    expect({ keys: await keys(), claims: await claims() }).toEqual(before);
  });

  it('answers 404, not 500, for an erased representative after the organization applies again', async () => {
    const org = await h.token('org-erased', 'organization');
    expect((await h.call('POST', '/v1/organizations', org, application(validCode(10)))).status).toBe(201);
    const url = '/v1/organizations/org-erased/legal-representative';
    expect((await h.call('POST', `${url}/erasure`, authority, {})).body).toEqual({ erased: true });
    expect((await h.call('POST', '/v1/organizations', org, application(validCode(11)))).status).toBe(422);
    expect((await h.call('GET', url, authority)).status).toBe(404);
  });

  it('lists who did what, when, to an organization: every change with its actor, roles and command', async () => {
    const history = await h.call('GET', '/v1/organizations/org-edu/history', authority);
    expect(history.status).toBe(200);
    expect(history.body).toMatchObject({
      entries: [
        {
          version: 1,
          type: 'ApplicationSubmitted',
          words: 'application submitted',
          actor: 'org-edu',
          roles: ['organization'],
          command: 'POST /v1/organizations',
        },
        {
          version: 2,
          type: 'SupervisorPreApproved',
          actor: 'edu-bureau',
          roles: ['supervisor'],
          command: 'POST /v1/organizations/:id/pre-approval',
        },
        {
          version: 3,
          type: 'RegistrationApproved',
          actor: 'authority-1',
          roles: ['registration_authority'],
          command: 'POST /v1/organizations/:id/approval',
        },
      ],
    });
    // The history never carries a payload (the legal representative is in the application's).
    expect(JSON.stringify(history.body)).not.toContain('legalRepresentative');
    const paged = await h.call('GET', '/v1/organizations/org-edu/history?after=1&limit=1', authority);
    expect(paged.body).toMatchObject({ entries: [{ version: 2 }], nextAfter: 2 });
    const other = await h.token('org-other', 'organization');
    expect((await h.call('GET', '/v1/organizations/org-edu/history', other)).status).toBe(403);
  });

  it('records each reading of a person’s data, listed to a district admin of the place only (PIPL)', async () => {
    const org = await h.token('org-pii', 'organization');
    expect((await h.call('POST', '/v1/organizations', org, application(validCode(12)))).status).toBe(201);
    const url = '/v1/organizations/org-pii/legal-representative';
    expect((await h.call('GET', url, authority, undefined, { 'x-purpose': '年检核对' })).status).toBe(200);
    const admin = await h.token('admin-1', 'district_admin');
    const list = await h.call('GET', '/v1/personal-data-access?personId=org-pii:legal-representative', admin);
    expect(list.status).toBe(200);
    expect(list.body.items).toMatchObject([
      {
        type: 'PersonalDataViewed',
        personId: 'org-pii:legal-representative',
        record: 'organization org-pii legal representative',
        reader: 'authority-1',
        roles: ['registration_authority'],
        command: 'GET /v1/organizations/:id/legal-representative',
        purpose: '年检核对',
        districtCode: '110105',
      },
    ]);
    expect(JSON.stringify(list.body)).not.toContain('Zhang San');
    const elsewhere = await h.token('admin-2', 'district_admin', 'district', '110106');
    expect((await h.call('GET', '/v1/personal-data-access', elsewhere)).body.items).toEqual([]);
    expect((await h.call('GET', '/v1/personal-data-access', authority)).status).toBe(403);
  });
});
