/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- JSON answers */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtAdmin, eventually, startHarness, type Caller, type Harness } from '../testing/harness.ts';
import { readTopic } from '../testing/kafka.ts';
import { Kafka, logLevel } from 'kafkajs';
import { personPlacesProjection } from '../projections/personPlaces.ts';

/** How many of the topic's records the person-places projection's consumer group has not yet committed. */
async function projectionLag(h: Harness): Promise<number> {
  const admin = new Kafka({ brokers: h.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const groupId = `${h.db.databaseName}.community-person-places`;
    const [committed] = await admin.fetchOffsets({ groupId, topics: [h.topic] });
    const ends = await admin.fetchTopicOffsets(h.topic);
    return ends.reduce((sum, end) => {
      const at = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
      return sum + Number(end.high) - Math.max(0, Number(at));
    }, 0);
  } finally {
    await admin.disconnect();
  }
}

let h: Harness;
const staff: Caller = { roles: ['community_staff'], level: 'community', code: '330102001001' };
const otherStaff: Caller = { ...staff, code: '330102002001' };
const person = { name: '张三', phone: '13800001111', idNumber: '33010219500101123X', address: '文三路1号' };
const need = (over: Record<string, unknown> = {}) => ({
  communityCode: '330102001001',
  category: 'elder_care',
  urgency: 'high',
  people: [person],
  consent: { given: true, givenBy: 'self', at: '2026-11-01T00:00:00Z', scope: ['case_handling'] },
  description: '独居老人需要助餐',
  ...over,
});

beforeAll(async () => {
  h = await startHarness('needs');
  const as = districtAdmin;
  await h.call('POST', '/v1/districts', { as, body: { code: '330102', name: '区' } });
  for (const s of ['330102001', '330102002']) {
    await h.call('POST', '/v1/streets', { as, body: { code: s, name: s, districtCode: '330102' } });
    await h.call('POST', '/v1/communities', { as, body: { code: `${s}001`, name: s, streetCode: s } });
  }
}, 60_000);
afterAll(async () => h?.close());

describe('resident needs over HTTP', () => {
  it('lets community staff report a need in their community and read its people back', async () => {
    const r = await h.call('POST', '/v1/needs', { as: staff, body: need() });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'reported', streetCode: '330102001', people: [{ ...person }] });
    expect((await h.call('GET', `/v1/needs/${r.body.id}`, { as: staff })).body.description).toBe(
      '独居老人需要助餐',
    );
  });

  it('refuses other communities, other roles and callers without a token', async () => {
    expect((await h.call('POST', '/v1/needs', { as: otherStaff, body: need() })).status).toBe(403);
    expect(
      (await h.call('POST', '/v1/needs', { as: { ...staff, roles: ['volunteer'] }, body: need() })).status,
    ).toBe(403);
    expect((await h.call('POST', '/v1/needs', { body: need() })).status).toBe(401);
    const r = await h.call('POST', '/v1/needs', { as: staff, body: need() });
    expect((await h.call('GET', `/v1/needs/${r.body.id}`, { as: otherStaff })).status).toBe(403);
  });

  it('names the invalid field, and rejects unknown fields and categories outside the list', async () => {
    const long = await h.call('POST', '/v1/needs', {
      as: staff,
      body: need({ description: 'x'.repeat(2001) }),
    });
    expect(long.status).toBe(400);
    expect(long.body.error.field).toBe('body.description');
    expect((await h.call('POST', '/v1/needs', { as: staff, body: need({ category: 'pets' }) })).status).toBe(
      400,
    );
    expect((await h.call('POST', '/v1/needs', { as: staff, body: need({ extra: 1 }) })).status).toBe(400);
  });

  it('answers a repeated Idempotency-Key with the first need, storing nothing new', async () => {
    const headers = { 'idempotency-key': 'need-abc-1' };
    const a = await h.call('POST', '/v1/needs', { as: staff, body: need(), headers });
    const b = await h.call('POST', '/v1/needs', { as: staff, body: need(), headers });
    expect(b.body.id).toBe(a.body.id);
    expect(b.etag).toBe('"1"');
  });

  it('updates with If-Match (stale → 409) and refuses changes once withdrawn', async () => {
    const { body } = await h.call('POST', '/v1/needs', { as: staff, body: need() });
    const ok = await h.call('PATCH', `/v1/needs/${body.id}`, {
      as: staff,
      body: { urgency: 'critical' },
      headers: { 'if-match': '"1"' },
    });
    expect(ok.body.urgency).toBe('critical');
    const stale = await h.call('PATCH', `/v1/needs/${body.id}`, {
      as: staff,
      body: { urgency: 'low' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(409);
    await h.call('POST', `/v1/needs/${body.id}/withdraw`, { as: staff, body: { reason: 'duplicate' } });
    expect(
      (await h.call('PATCH', `/v1/needs/${body.id}`, { as: staff, body: { urgency: 'low' } })).status,
    ).toBe(422);
  });

  it('erases a person: their data reads as erased and never was in the published event', async () => {
    const { body } = await h.call('POST', '/v1/needs', { as: staff, body: need({ category: 'disability' }) });
    const personId = body.people[0].personId;
    expect((await h.call('DELETE', `/v1/people/${personId}/personal-data`, { as: staff })).status).toBe(403);
    expect(
      (await h.call('DELETE', `/v1/people/${personId}/personal-data`, { as: districtAdmin })).status,
    ).toBe(204);
    expect((await h.call('GET', `/v1/needs/${body.id}`, { as: staff })).body.people).toEqual([
      { personId, erased: true },
    ]);
    const messages = await readTopic(h.kafkaBrokers, h.topic, (m) =>
      m.some(
        (x) =>
          x.value?.toString().includes(body.id) && x.headers?.['event-type']?.toString() === 'NeedReported',
      ),
    );
    const reported = messages
      .find(
        (x) =>
          x.value?.toString().includes(body.id) && x.headers?.['event-type']?.toString() === 'NeedReported',
      )!
      .value!.toString();
    expect(JSON.parse(reported).payload).toMatchObject({
      communityCode: '330102001001',
      streetCode: '330102001',
      category: 'disability',
      urgency: 'high',
    });
    for (const clear of [person.name, person.phone, person.idNumber, person.address, '助餐'])
      expect(reported).not.toContain(clear);
  });

  it('erases only people of the admin’s own district: another district gets 404 and nothing is erased', async () => {
    const { body } = await h.call('POST', '/v1/needs', { as: staff, body: need() });
    const personId = body.people[0].personId;
    const url = `/v1/people/${personId}/personal-data`;
    const elsewhere: Caller = { roles: ['district_admin'], level: 'district', code: '330106' };
    const otherStreet: Caller = { roles: ['district_admin'], level: 'street', code: '330102002' };
    for (const as of [elsewhere, otherStreet]) {
      const r = await h.call('DELETE', url, { as });
      expect(r.status).toBe(404);
      expect(JSON.stringify(r.body)).not.toContain('330102001');
    }
    expect((await h.call('GET', `/v1/needs/${body.id}`, { as: staff })).body.people).toEqual([
      { personId, ...person },
    ]);
    expect((await h.call('DELETE', url, { as: districtAdmin })).status).toBe(204);
    expect((await h.call('DELETE', url, { as: districtAdmin })).status).toBe(404);
  });

  it('erases a person reported before people had a place row, once the projection has replayed the need', async () => {
    const { body } = await h.call('POST', '/v1/needs', { as: staff, body: need() });
    const personId = body.people[0].personId;
    const url = `/v1/people/${personId}/personal-data`;
    await eventually(async () =>
      expect(await h.db.collection('person_places').countDocuments({ _id: personId })).toBe(1),
    );
    // The handler writes the row and the projection's own group writes it again: wait for the group to
    // have read the whole topic, so that the deletion below is not undone.
    await eventually(async () => expect(await projectionLag(h)).toBe(0));
    // As stored before this change: no row for the person; the new consumer group's replay writes it.
    await h.db.collection('person_places').deleteOne({ _id: personId });
    expect((await h.call('DELETE', url, { as: districtAdmin })).status).toBe(404);
    const messages = await readTopic(h.kafkaBrokers, h.topic, (m) =>
      m.some((x) => x.value?.toString().includes(personId)),
    );
    const reported = messages.find((x) => x.value?.toString().includes(personId))!;
    await personPlacesProjection(h.db)({ ...JSON.parse(reported.value!.toString()), type: 'NeedReported' });
    const elsewhere: Caller = { roles: ['district_admin'], level: 'district', code: '330106' };
    expect((await h.call('DELETE', url, { as: elsewhere })).status).toBe(404);
    expect((await h.call('DELETE', url, { as: districtAdmin })).status).toBe(204);
  });

  it('erases the need’s description with its last person, and keeps it while someone is left', async () => {
    const two = await h.call('POST', '/v1/needs', {
      as: staff,
      body: need({ people: [person, { ...person, name: '李四' }] }),
    });
    const [a, b] = (two.body.people as { personId: string }[]).map((p) => p.personId);
    const read = async (): Promise<unknown> =>
      (await h.call('GET', `/v1/needs/${two.body.id}`, { as: staff })).body.description;
    expect((await h.call('DELETE', `/v1/people/${a}/personal-data`, { as: districtAdmin })).status).toBe(204);
    expect(await read()).toBe('独居老人需要助餐');
    expect((await h.call('DELETE', `/v1/people/${b}/personal-data`, { as: districtAdmin })).status).toBe(204);
    expect(await read()).toBeNull();
  });
});
