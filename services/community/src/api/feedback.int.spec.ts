/* eslint-disable @typescript-eslint/no-unsafe-member-access -- JSON answers */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtAdmin, eventually, startHarness, type Caller, type Harness } from '../testing/harness.ts';
import { readTopic } from '../testing/kafka.ts';

let h: Harness;
const staff: Caller = { roles: ['community_staff'], level: 'community', code: '330102001001' };
const rate = (residentId: string, over: Record<string, unknown> = {}) => ({
  subject: { kind: 'service', id: 'svc-42' },
  residentId,
  communityCode: '330102001001',
  rating: 4,
  comment: '服务很好，王阿姨很满意',
  ...over,
});

beforeAll(async () => {
  h = await startHarness('feedback');
  const as = districtAdmin;
  await h.call('POST', '/v1/districts', { as, body: { code: '330102', name: '区' } });
  await h.call('POST', '/v1/streets', {
    as,
    body: { code: '330102001', name: '街', districtCode: '330102' },
  });
  await h.call('POST', '/v1/communities', {
    as,
    body: { code: '330102001001', name: '社', streetCode: '330102001' },
  });
}, 60_000);
afterAll(async () => h?.close());

describe('resident feedback over HTTP', () => {
  it('takes one rating per resident and subject, refusing a second with 409', async () => {
    expect((await h.call('POST', '/v1/feedback', { as: staff, body: rate('r-1') })).status).toBe(201);
    expect(
      (await h.call('POST', '/v1/feedback', { as: staff, body: rate('r-1', { rating: 1 }) })).status,
    ).toBe(409);
    expect(
      (
        await h.call('POST', '/v1/feedback', {
          as: staff,
          body: rate('r-1', { subject: { kind: 'case', id: 'svc-42' } }),
        })
      ).status,
    ).toBe(201);
  });

  it('lets only one of five racing submissions of one resident win', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => h.call('POST', '/v1/feedback', { as: staff, body: rate('r-race') })),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(4);
  });

  it('validates rating and comment, and refuses other roles and other communities', async () => {
    expect(
      (await h.call('POST', '/v1/feedback', { as: staff, body: rate('r-2', { rating: 6 }) })).body.error
        .field,
    ).toBe('body.rating');
    expect(
      (await h.call('POST', '/v1/feedback', { as: staff, body: rate('r-2', { comment: 'x'.repeat(501) }) }))
        .body.error.field,
    ).toBe('body.comment');
    expect(
      (await h.call('POST', '/v1/feedback', { as: { ...staff, roles: ['volunteer'] }, body: rate('r-2') }))
        .status,
    ).toBe(403);
    expect(
      (await h.call('POST', '/v1/feedback', { as: { ...staff, code: '330102001002' }, body: rate('r-2') }))
        .status,
    ).toBe(403);
  });

  it('publishes the rating with the codes and only a sealed comment', async () => {
    const messages = await readTopic(h.kafkaBrokers, h.topic, (m) =>
      m.some((x) => x.headers?.['event-type']?.toString() === 'FeedbackGiven'),
    );
    const given = messages
      .find((x) => x.headers?.['event-type']?.toString() === 'FeedbackGiven')!
      .value!.toString();
    expect((JSON.parse(given) as { payload: unknown }).payload).toMatchObject({
      rating: 4,
      communityCode: '330102001001',
      streetCode: '330102001',
    });
    expect(given).not.toContain('王阿姨');
  });

  it('summarizes the ratings of a subject without comments', async () => {
    await h.call('POST', '/v1/feedback', {
      as: staff,
      body: rate('r-3', { subject: { kind: 'service', id: 'svc-7' }, rating: 2 }),
    });
    await h.call('POST', '/v1/feedback', {
      as: staff,
      body: rate('r-4', { subject: { kind: 'service', id: 'svc-7' }, rating: 5 }),
    });
    await eventually(async () => {
      const s = await h.call('GET', '/v1/feedback/summary?subjectKind=service&subjectId=svc-7', {
        as: staff,
      });
      expect(s.body).toEqual({
        subjectKind: 'service',
        subjectId: 'svc-7',
        count: 2,
        average: 3.5,
        byRating: [0, 1, 0, 0, 1],
      });
    });
  });
});
