import type { Harness } from './harness.ts';
import { COMMUNITY_X, DISTRICT, FIXTURE_NEEDS, STREET } from './harness.ts';

export const personDonor = {
  kind: 'person',
  person: { name: '张三丰', phone: '13800138000', idNumber: '11010519491231002X' },
  disclosureConsent: true,
  districtCode: DISTRICT,
  streetCode: STREET,
};
export const enterpriseDonor = {
  kind: 'enterprise',
  name: '朝阳爱心科技有限公司',
  creditCode: '91110105MA01ABCD26',
  disclosureConsent: true,
  districtCode: DISTRICT,
};
/** A reservation's target: the fixture need reported in that community. */
export const target = (communityCode = COMMUNITY_X, category = 'elder_care') => ({
  needId: Object.entries(FIXTURE_NEEDS).find(([, c]) => c === communityCode)?.[0] ?? 'need-1',
  communityCode,
  category,
});

/** A donor and a money donation of `fen`, received in full; returns the ids. */
export async function receivedDonation(
  h: Harness,
  token: string,
  fen: number,
  extra: Record<string, unknown> = {},
  donor: Record<string, unknown> = enterpriseDonor,
): Promise<{ donorId: string; donationId: string }> {
  const d = await h.call<{ donorId: string }>('POST', '/v1/donors', token, donor);
  if (d.status !== 201) throw new Error(`donor: ${d.status} ${JSON.stringify(d.body)}`);
  const { donorId } = d.body;
  const r = await h.call<{ donationId: string }>('POST', '/v1/donations', token, {
    donorId,
    gift: { kind: 'money', amountFen: fen },
    districtCode: DISTRICT,
    streetCode: STREET,
    ...extra,
  });
  if (r.status !== 201) throw new Error(`donation: ${r.status} ${JSON.stringify(r.body)}`);
  const { donationId } = r.body;
  const rec = await h.call('POST', `/v1/donations/${donationId}/receipts`, token, { quantity: fen });
  if (rec.status !== 201) throw new Error(`receipt: ${rec.status} ${JSON.stringify(rec.body)}`);
  return { donorId, donationId };
}
