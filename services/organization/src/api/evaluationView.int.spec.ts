import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLACE, application, startHarness, until, validCode, type Harness } from '../testing/harness.ts';

let h: Harness;
let producer: Producer;
let org: string;
let evaluator: string;

/** A resident's rating as the community society publishes it (FeedbackGiven on its topic). */
async function residentRates(
  kind: 'service' | 'case',
  subjectId: string,
  residentId: string,
  rating: number,
) {
  const streamId = `feedback-${kind}-${subjectId}-${residentId}`;
  const envelope = {
    id: randomUUID(),
    streamId,
    streamVersion: 1,
    type: 'FeedbackGiven',
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
    payload: { subjectKind: kind, subjectId, residentId, ...PLACE, rating },
    metadata: {},
  };
  await producer.send({
    topic: h.communityTopic,
    messages: [{ key: streamId, value: JSON.stringify(envelope) }],
  });
  return streamId;
}

interface View {
  evaluation: {
    scores: { benefit: number };
    mean: number;
    rating: string | null;
    recorded: { rating: string | null };
    socialBenefit: {
      score: number;
      reason: string;
      residents: { count: number; average: number | null; counted: boolean };
      sources: { feedbackId: string; rating: number }[];
    };
  } | null;
  rules: { source: Record<string, unknown> };
}
const view = async () =>
  (await h.call('GET', '/v1/organizations/org-fb/evaluation', org)).body as unknown as View;
const viewWhen = (ok: (v: View) => boolean) => until(view, ok, 30_000);

beforeAll(async () => {
  h = await startHarness();
  producer = new Kafka({ brokers: h.kafkaBrokers, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  const authority = await h.token('authority-1', 'registration_authority');
  org = await h.token('org-fb', 'organization');
  evaluator = await h.token('eval-1', 'evaluator');
  await h.call('POST', '/v1/organizations', org, application(validCode(71)));
  await h.call('POST', '/v1/organizations/org-fb/approval', authority, {});
  const linkage = await h.token('linkage', 'integration_client');
  const referral = await h.call('POST', '/v1/organizations/org-fb/referrals', linkage, {
    referralId: 'c-need-fb-r1',
    caseId: 'c-need-fb',
    itemId: 'item-1',
    field: 'elderly',
    place: PLACE,
  });
  expect(referral.status).toBe(201);
});
afterAll(async () => {
  await producer.disconnect();
  await h.close();
});

describe("residents' ratings (效果共评) in an organization's evaluation", () => {
  it("changes the evaluation when residents' ratings change, and says why", async () => {
    const recorded = await h.call('POST', '/v1/organizations/org-fb/evaluations', evaluator, {
      round: '2026',
      scores: { serviceCapacity: 80, efficiency: 80, compliance: 80, benefit: 60 },
    });
    expect(recorded.body).toMatchObject({ rating: '3A' });
    expect(await view()).toMatchObject({
      evaluation: {
        mean: 75,
        rating: '3A',
        socialBenefit: { score: 60, residents: { count: 0, counted: false } },
      },
      rules: { source: { kind: 'default' } },
    });

    // Two ratings before the organization accepted the case: they count once it has.
    for (const r of ['p1', 'p2']) await residentRates('case', 'c-need-fb', r, 5);
    await until(
      () => h.db.collection('feedback_ratings').countDocuments({}),
      (n) => n === 2,
    );
    const linkageAccepts = await h.call('POST', '/v1/referrals/c-need-fb-r1/acceptance', org, {});
    expect(linkageAccepts.status).toBe(200);
    const few = await viewWhen((v) => v.evaluation?.socialBenefit.residents.count === 2);
    expect(few.evaluation).toMatchObject({
      rating: '3A',
      socialBenefit: { score: 60, residents: { count: 2, average: 5, counted: false } },
    });
    expect(few.evaluation?.socialBenefit.reason).toContain('fewer than 5');

    // Three more, on the case and on the service (the referral): five ratings of 5 → residents 100.
    await residentRates('case', 'c-need-fb', 'p3', 5);
    await residentRates('service', 'c-need-fb-r1', 'p1', 5);
    await residentRates('service', 'c-need-fb-r1', 'p4', 5);
    const good = await viewWhen((v) => v.evaluation?.socialBenefit.residents.count === 5);
    expect(good.evaluation).toMatchObject({
      scores: { benefit: 80 },
      mean: 80,
      rating: '4A',
      recorded: { rating: '3A' },
      socialBenefit: { score: 80, residents: { count: 5, average: 5, counted: true } },
    });
    expect(good.evaluation?.socialBenefit.reason).toBe(
      '5 residents’ ratings, average 5 → 100; 50% evaluator 60 + 50% residents 100 = 80',
    );
    expect(good.evaluation?.socialBenefit.sources.map((s) => s.feedbackId).sort()).toEqual([
      'feedback-case-c-need-fb-p1',
      'feedback-case-c-need-fb-p2',
      'feedback-case-c-need-fb-p3',
      'feedback-service-c-need-fb-r1-p1',
      'feedback-service-c-need-fb-r1-p4',
    ]);
    // The list model (the catalogue) follows.
    const row = await until(
      () => h.db.collection('organizations').findOne({ _id: 'org-fb' as never }),
      (r) => r?.rating === '4A',
    );
    expect(row?.rating).toBe('4A');

    // Five poor ratings later the average is 3 → residents 50 → benefit 55 → mean 73.75: back to 3A.
    for (const r of ['p5', 'p6', 'p7', 'p8', 'p9']) await residentRates('case', 'c-need-fb', r, 1);
    const worse = await viewWhen((v) => v.evaluation?.socialBenefit.residents.count === 10);
    expect(worse.evaluation).toMatchObject({
      mean: 73.75,
      rating: '3A',
      socialBenefit: { score: 55, residents: { count: 10, average: 3, counted: true } },
    });
    // A redelivered rating counts once.
    await residentRates('case', 'c-need-fb', 'p9', 1);
    await residentRates('case', 'c-need-fb', 'p10', 1);
    const after = await viewWhen((v) => v.evaluation?.socialBenefit.residents.count === 11);
    expect(after.evaluation?.socialBenefit.sources).toHaveLength(11);
  });

  it("uses the district's rules, set as an event, and names their version", async () => {
    const admin = await h.token('admin-1', 'district_admin');
    const rules = {
      ratingBands: { '1A': 40, '2A': 50, '3A': 60, '4A': 70, '5A': 73 },
      catalogue: { minRating: 5, ventureMinScore: 90 },
      residentFeedback: { minCount: 20, weightPercent: 50 },
    };
    const set = await h.call('PUT', '/v1/districts/110105/organization-rules', admin, rules);
    expect(set).toMatchObject({
      status: 200,
      body: { rules, source: { kind: 'district', districtCode: '110105', version: 1, setBy: 'admin-1' } },
    });
    // 11 ratings are now fewer than 20: benefit 60, mean 75 → 5A under the district's bands.
    expect(await view()).toMatchObject({
      evaluation: { mean: 75, rating: '5A', socialBenefit: { residents: { counted: false } } },
      rules: { source: { version: 1, setBy: 'admin-1' } },
    });
    const eligibility = await h.call('GET', '/v1/organizations/org-fb/eligibility', org);
    expect(eligibility.body).toMatchObject({ eligible: true, rules: { version: 1 } });
    const bad = await h.call('PUT', '/v1/districts/110105/organization-rules', admin, {
      ...rules,
      ratingBands: { ...rules.ratingBands, '5A': 60 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { field: 'body.ratingBands' } });
    const other = await h.token('admin-2', 'district_admin', 'district', '110106');
    expect((await h.call('PUT', '/v1/districts/110105/organization-rules', other, rules)).status).toBe(403);
    const elsewhere = await h.call('GET', '/v1/districts/110106/organization-rules', other);
    expect(elsewhere.body).toMatchObject({
      source: { kind: 'default' },
      rules: { catalogue: { minRating: 3 } },
    });
  });
});
