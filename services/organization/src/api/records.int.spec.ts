import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { application, startHarness, until, validCode, type Harness } from '../testing/harness.ts';

let h: Harness;
let authority: string;
let org: string;
beforeAll(async () => {
  h = await startHarness();
  authority = await h.token('authority-1', 'registration_authority');
  org = await h.token('org-1', 'organization');
  await h.call('POST', '/v1/organizations', org, application(validCode(11)));
  await h.call('POST', '/v1/organizations/org-1/approval', authority, {});
});
afterAll(async () => h.close());

const scores = (v: number) => ({ serviceCapacity: v, efficiency: v, compliance: v, benefit: v });
const credit = (serious: boolean) => ({
  polarity: 'negative',
  serious,
  source: 'district market regulator',
  date: '2026-10-01',
  description: 'late filing',
});

describe('credit archive, evaluations and catalogue eligibility over HTTP', () => {
  it('keeps credit records and derives the standing; the organization reads its own archive', async () => {
    const added = await h.call('POST', '/v1/organizations/org-1/credit-records', authority, credit(false));
    expect(added).toMatchObject({ status: 201, body: { polarity: 'negative', serious: false } });
    expect((await h.call('GET', '/v1/organizations/org-1/credit', org)).body).toMatchObject({
      standing: 'warning',
    });
    const evaluator = await h.token('eval-1', 'evaluator');
    expect(
      (await h.call('POST', '/v1/organizations/org-1/credit-records', evaluator, credit(false))).status,
    ).toBe(403);
  });

  it('records an evaluation by an evaluator with its rating and valid period', async () => {
    const evaluator = await h.token('eval-1', 'evaluator');
    const r = await h.call('POST', '/v1/organizations/org-1/evaluations', evaluator, {
      round: '2026',
      scores: scores(85),
    });
    expect(r).toMatchObject({ status: 201, body: { rating: '4A', evaluator: 'eval-1' } });
    expect(
      (
        await h.call('POST', '/v1/organizations/org-1/evaluations', org, {
          round: '2026',
          scores: scores(99),
        })
      ).status,
    ).toBe(403);
    const bad = await h.call('POST', '/v1/organizations/org-1/evaluations', evaluator, {
      round: '2026',
      scores: { ...scores(85), benefit: 101 },
    });
    expect(JSON.stringify(bad.body)).toContain('body.scores.benefit');
  });

  it('shows the organization in the catalogue with the reasons, and out once a serious violation is recorded', async () => {
    const inside = await h.call('GET', '/v1/organizations/org-1/eligibility', org);
    expect(inside.body).toMatchObject({ eligible: true });
    const listed = await until(
      () => h.call('GET', '/v1/catalogue/eligible-organizations', org),
      (r) => (r.body.items as unknown[]).length === 1,
    );
    expect(listed.body.items).toEqual([expect.objectContaining({ _id: 'org-1', rating: '4A' })]);
    await h.call('POST', '/v1/organizations/org-1/credit-records', authority, credit(true));
    const out = await h.call('GET', '/v1/organizations/org-1/eligibility', authority);
    expect(out.body).toMatchObject({ eligible: false });
    expect(out.body.checks).toContainEqual({
      rule: 'credit',
      passed: false,
      reason: 'on the serious-violation list',
    });
  });

  it('lets only the organization itself file its annual report, once per year', async () => {
    const other = await h.token('org-2', 'organization');
    expect(
      (await h.call('POST', '/v1/organizations/org-1/annual-reports', other, { year: 2025, summary: 's' }))
        .status,
    ).toBe(403);
    expect(
      (await h.call('POST', '/v1/organizations/org-1/annual-reports', org, { year: 2025, summary: 's' }))
        .status,
    ).toBe(201);
    expect(
      (await h.call('POST', '/v1/organizations/org-1/annual-reports', org, { year: 2025, summary: 's' }))
        .status,
    ).toBe(422);
  });

  it('lists the serious-violation list from the projection, within the reader scope', async () => {
    const list = await until(
      () => h.call('GET', '/v1/organizations?seriousViolation=true', authority),
      (r) => (r.body.items as unknown[]).length === 1,
    );
    expect(list.body.items).toEqual([expect.objectContaining({ _id: 'org-1', seriousViolation: true })]);
    const elsewhere = await h.token('s-9', 'street_admin', 'street', '110105009');
    expect((await h.call('GET', '/v1/organizations?seriousViolation=true', elsewhere)).body.items).toEqual(
      [],
    );
  });

  it('puts the organization back in the catalogue when the serious record is revoked (credit repair)', async () => {
    const archive = await h.call('GET', '/v1/organizations/org-1/credit', authority);
    const serious = (archive.body.records as { recordId: string; serious: boolean }[]).find(
      (r) => r.serious,
    )!;
    const url = `/v1/organizations/org-1/credit-records/${serious.recordId}/revocation`;
    expect((await h.call('POST', url, org, { reason: 'court ruling overturned' })).status).toBe(403);
    const r = await h.call('POST', url, authority, { reason: 'court ruling overturned' });
    expect(r.body).toEqual({ standing: 'warning' });
    expect((await h.call('POST', url, authority, { reason: 'again' })).status).toBe(422);
    const back = await until(
      () => h.call('GET', '/v1/catalogue/eligible-organizations', authority),
      (x) => (x.body.items as unknown[]).length === 1,
    );
    expect(back.body.items).toEqual([expect.objectContaining({ _id: 'org-1' })]);
  });
});
