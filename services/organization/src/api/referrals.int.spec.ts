import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLifecycle } from '../domain/organization/lifecycle.ts';
import { applyDueTransitions } from '../scheduler.ts';
import { PLACE, application, startHarness, validCode, type Harness } from '../testing/harness.ts';

let h: Harness;
let linkage: string;
let admin: string;
const orgToken = (id: string) => h.token(id, 'organization');

const referral = (referralId: string, extra: Record<string, unknown> = {}) => ({
  referralId,
  caseId: 'case-1',
  itemId: 'item-1',
  field: 'elderly',
  place: PLACE,
  startAt: '2026-12-01T08:00:00.000Z',
  endAt: '2026-12-01T10:00:00.000Z',
  ...extra,
});
const refer = (organizationId: string, body: object, auth = linkage, headers: Record<string, string> = {}) =>
  h.call('POST', `/v1/organizations/${organizationId}/referrals`, auth, body, headers);
const eventTypes = async (referralId: string) =>
  (await h.store.readStream(`referral-${referralId}`)).map((e) => e.type);

/** Reads the service topic from the beginning until `done` holds for what was read. */
async function readTopic(done: (messages: KafkaMessage[]) => boolean): Promise<KafkaMessage[]> {
  const consumer = new Kafka({ brokers: h.kafkaBrokers, logLevel: logLevel.NOTHING }).consumer({
    groupId: `reader-${h.topic}-${Math.random()}`,
  });
  const got: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [h.topic], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void got.push(message) });
  const deadline = Date.now() + 20_000;
  while (!done(got) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await consumer.disconnect();
  return got;
}
const envelopesOf = (messages: KafkaMessage[], referralId: string) =>
  messages
    .filter((m) => m.key?.toString() === `referral-${referralId}`)
    .map((m) => JSON.parse(m.value!.toString()) as { type: string; payload: unknown });

beforeAll(async () => {
  h = await startHarness();
  linkage = await h.token('linkage', 'integration_client');
  admin = await h.token('admin-1', 'district_admin');
  const authority = await h.token('authority-1', 'registration_authority');
  for (const [i, id] of ['org-ok', 'org-other', 'org-applied', 'org-black', 'org-zombie'].entries()) {
    await h.call('POST', '/v1/organizations', await orgToken(id), application(validCode(50 + i)));
    if (id !== 'org-applied') await h.call('POST', `/v1/organizations/${id}/approval`, authority, {});
  }
  await h.call('POST', '/v1/organizations/org-black/credit-records', admin, {
    polarity: 'negative',
    serious: true,
    source: 'civil affairs bureau',
    date: '2026-01-10',
    description: 'misused donations',
  });
  // Years on, with the exit notice never due: the organization stays flagged zombie.
  const later = new Date(Date.now() + 5 * 365 * 86_400_000);
  await applyDueTransitions(h.store, ['org-zombie'], later, {
    ...defaultLifecycle,
    exitNoticeAfterDays: 100_000,
  });
});
afterAll(async () => h.close());

describe('referrals over HTTP', () => {
  it('receives a referral, lets the organization accept it, and publishes both events', async () => {
    const created = await refer('org-ok', referral('ref-accept'));
    expect(created).toMatchObject({
      status: 201,
      etag: '"1"',
      body: { referralId: 'ref-accept', organizationId: 'org-ok', status: 'received', version: 1 },
    });
    const accepted = await h.call(
      'POST',
      '/v1/referrals/ref-accept/acceptance',
      await orgToken('org-ok'),
      {},
    );
    expect(accepted).toMatchObject({ status: 200, etag: '"2"', body: { status: 'accepted' } });
    const read = await h.call('GET', '/v1/referrals/ref-accept', linkage);
    expect(read).toMatchObject({ status: 200, etag: '"2"', body: { status: 'accepted', version: 2 } });

    const messages = await readTopic((m) => envelopesOf(m, 'ref-accept').length >= 2);
    const ids = { referralId: 'ref-accept', organizationId: 'org-ok', caseId: 'case-1', itemId: 'item-1' };
    expect(envelopesOf(messages, 'ref-accept')).toEqual([
      expect.objectContaining({
        type: 'ReferralReceived',
        payload: {
          ...ids,
          field: 'elderly',
          place: PLACE,
          startAt: '2026-12-01T08:00:00.000Z',
          endAt: '2026-12-01T10:00:00.000Z',
          receivedAt: created.body.receivedAt,
        },
      }),
      expect.objectContaining({ type: 'ReferralAccepted', payload: ids }),
    ]);
  });

  it('lets the organization decline with a reason; declining again changes nothing', async () => {
    await refer('org-ok', referral('ref-decline'));
    const org = await orgToken('org-ok');
    for (let i = 0; i < 2; i++) {
      const r = await h.call('POST', '/v1/referrals/ref-decline/decline', org, { reason: 'no capacity' });
      expect(r).toMatchObject({ status: 200, body: { status: 'declined', reason: 'no capacity' } });
    }
    expect(await eventTypes('ref-decline')).toEqual(['ReferralReceived', 'ReferralDeclined']);
    expect((await h.store.readStream('referral-ref-decline'))[1]!.payload).toEqual({
      referralId: 'ref-decline',
      organizationId: 'org-ok',
      caseId: 'case-1',
      itemId: 'item-1',
      reason: 'no capacity',
    });
  });

  it('lets the referrer cancel an unanswered referral, after which it cannot be accepted', async () => {
    await refer('org-ok', referral('ref-cancel'));
    const cancelled = await h.call('POST', '/v1/referrals/ref-cancel/cancellation', linkage, {
      reason: 'no answer before the deadline',
    });
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    const late = await h.call('POST', '/v1/referrals/ref-cancel/acceptance', await orgToken('org-ok'), {});
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({ error: { code: 'ILLEGAL_STATE' } });
    expect(await eventTypes('ref-cancel')).toEqual(['ReferralReceived', 'ReferralCancelled']);
  });

  it('ends cancelled whichever way an acceptance and a cancellation race', async () => {
    await refer('org-ok', referral('ref-race'));
    const org = await orgToken('org-ok');
    const [accept, cancel] = await Promise.all([
      h.call('POST', '/v1/referrals/ref-race/acceptance', org, {}),
      h.call('POST', '/v1/referrals/ref-race/cancellation', linkage, { reason: 'deadline passed' }),
    ]);
    // The referrer may withdraw an accepted referral, so the cancellation always lands; the acceptance
    // lands only when it came first (then both are in the stream, the cancellation last).
    expect(cancel.status).toBe(200);
    const types = await eventTypes('ref-race');
    if (accept.status === 200) {
      expect(types).toEqual(['ReferralReceived', 'ReferralAccepted', 'ReferralCancelled']);
    } else {
      expect(accept.status).toBe(422);
      expect(types).toEqual(['ReferralReceived', 'ReferralCancelled']);
    }
  });

  it('lets only the organization the referral was made to answer or read it', async () => {
    await refer('org-ok', referral('ref-other'));
    const other = await orgToken('org-other');
    expect((await h.call('POST', '/v1/referrals/ref-other/acceptance', other, {})).status).toBe(403);
    expect((await h.call('POST', '/v1/referrals/ref-other/decline', other, { reason: 'r' })).status).toBe(
      403,
    );
    expect((await h.call('GET', '/v1/referrals/ref-other', other)).status).toBe(403);
    expect((await h.call('POST', '/v1/referrals/ref-other/acceptance', linkage, {})).status).toBe(403);
    expect(
      (await h.call('POST', '/v1/referrals/ref-other/cancellation', other, { reason: 'r' })).status,
    ).toBe(403);
    expect((await h.call('GET', '/v1/referrals/ref-other', await orgToken('org-ok'))).status).toBe(200);
    expect(await eventTypes('ref-other')).toEqual(['ReferralReceived']);
  });

  it('keeps staff to the place of the case', async () => {
    const elsewhere = await h.token('s-2', 'street_admin', 'street', '110105002');
    expect((await refer('org-ok', referral('ref-scope'), elsewhere)).status).toBe(403);
    const street = await h.token('s-1', 'street_admin', 'street', '110105001');
    expect((await refer('org-ok', referral('ref-scope'), street)).status).toBe(201);
    expect((await h.call('GET', '/v1/referrals/ref-scope', elsewhere)).status).toBe(403);
    const cancel = await h.call('POST', '/v1/referrals/ref-scope/cancellation', elsewhere, { reason: 'r' });
    expect(cancel.status).toBe(403);
  });

  it('refuses an organization on the serious-violation list, until the record is revoked', async () => {
    const r = await refer('org-black', referral('ref-black'));
    expect(r).toMatchObject({ status: 422, body: { error: { code: 'ILLEGAL_STATE' } } });
    expect(JSON.stringify(r.body)).toContain('serious-violation list');
    expect(await eventTypes('ref-black')).toEqual([]);
    const credit = await h.call('GET', '/v1/organizations/org-black/credit', admin);
    const recordId = (credit.body.records as { recordId: string }[])[0]!.recordId;
    await h.call('POST', `/v1/organizations/org-black/credit-records/${recordId}/revocation`, admin, {
      reason: 'credit repaired',
    });
    expect((await refer('org-black', referral('ref-black'))).status).toBe(201);
  });

  it('refuses a zombie organization and one not yet registered, and answers 404 for an unknown one', async () => {
    const zombie = await refer('org-zombie', referral('ref-zombie'));
    expect(zombie.status).toBe(422);
    expect(JSON.stringify(zombie.body)).toContain('not in normal activity (zombie)');
    const applied = await refer('org-applied', referral('ref-applied'));
    expect(applied.status).toBe(422);
    expect(JSON.stringify(applied.body)).toContain('not registered or filed');
    expect((await refer('org-nobody', referral('ref-nobody'))).status).toBe(404);
    expect((await h.call('GET', '/v1/referrals/ref-nobody', linkage)).status).toBe(404);
  });

  it('refuses bad input with 400 naming the field, changing nothing', async () => {
    const unknown = await refer('org-ok', referral('ref-bad', { residentName: 'Zhang San' }));
    expect(unknown).toMatchObject({ status: 400, body: { error: { field: 'body.residentName' } } });
    const bad = [
      [referral('ref bad'), 'body.referralId'],
      [referral('ref-bad', { field: 'x'.repeat(61) }), 'body.field'],
      [referral('ref-bad', { endAt: '2026-12-01T07:00:00.000Z' }), 'body.endAt'],
      [referral('ref-bad', { startAt: 'tomorrow' }), 'body.startAt'],
    ] as const;
    for (const [body, field] of bad)
      expect(await refer('org-ok', body)).toMatchObject({ status: 400, body: { error: { field } } });
    expect(await eventTypes('ref-bad')).toEqual([]);
  });

  it('refuses a second referral with an id already used', async () => {
    expect((await refer('org-ok', referral('ref-dup'))).status).toBe(201);
    const again = await refer('org-other', referral('ref-dup', { caseId: 'case-2' }));
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'ALREADY_EXISTS' } } });
    expect(await eventTypes('ref-dup')).toEqual(['ReferralReceived']);
  });

  it('answers a repeated Idempotency-Key with the first answer and stores and publishes one event', async () => {
    const key = { 'idempotency-key': 'linkage-ref-idem-1' };
    const first = await refer('org-ok', referral('ref-idem'), linkage, key);
    const second = await refer('org-ok', referral('ref-idem'), linkage, key);
    expect(first.status).toBe(201);
    expect(second).toEqual(first);
    await h.call('POST', '/v1/referrals/ref-idem/acceptance', await orgToken('org-ok'), {});
    expect(await refer('org-ok', referral('ref-idem'), linkage, key)).toEqual(first);
    // The acceptance comes after every earlier event of the stream on its partition.
    const messages = await readTopic((m) =>
      envelopesOf(m, 'ref-idem').some((e) => e.type === 'ReferralAccepted'),
    );
    expect(envelopesOf(messages, 'ref-idem').map((e) => e.type)).toEqual([
      'ReferralReceived',
      'ReferralAccepted',
    ]);
  });
});
