import { describe, expect, it } from 'vitest';
import { PoisonMessageError, type EventEnvelope } from '@fivesoc/eventing';
import { charityContract } from './charity.ts';
import { communityContract } from './community.ts';
import { payloadOf } from './shared.ts';

const envelope = (type: string, payload: unknown): EventEnvelope => ({
  id: 'e-1',
  streamId: 's-1',
  streamVersion: 1,
  type,
  schemaVersion: 1,
  occurredAt: '2026-11-01T08:00:00.000Z',
  payload,
  metadata: { correlationId: 'c' },
});

const need = {
  needId: 'n1',
  districtCode: '330102',
  streetCode: '330102001',
  communityCode: '330102001001',
  category: 'elder_care',
  urgency: 'high',
  description: { personId: 'p1', iv: 'x', data: 'sealed', tag: 'y' },
};

describe("linkage's reading of the societies' events", () => {
  it('accepts fields a society adds later and keeps only what linkage reads', () => {
    const p = payloadOf(communityContract.NeedReported, envelope('NeedReported', { ...need, newField: 1 }));
    expect(p).toMatchObject({ needId: 'n1', urgency: 'high', communityCode: '330102001001' });
    expect(p).not.toHaveProperty('newField');
    expect(p).not.toHaveProperty('description');
  });

  it('refuses a malformed payload as a poison message naming the field', () => {
    const bad = envelope('NeedReported', { ...need, communityCode: '12' });
    expect(() => payloadOf(communityContract.NeedReported, bad)).toThrow(PoisonMessageError);
    expect(() => payloadOf(communityContract.NeedReported, bad)).toThrow(
      /NeedReported: payload\.communityCode/,
    );
  });

  it('reads each kind of gift', () => {
    const d = { donationId: 'd', donorKind: 'person', restriction: null, districtCode: '330102' };
    for (const gift of [
      { kind: 'money', amountFen: 5 },
      { kind: 'goods', item: 'rice', quantity: 3, unit: 'kg' },
      { kind: 'service', service: 'law', hours: 2 },
    ])
      expect(
        payloadOf(charityContract.DonationRegistered, envelope('DonationRegistered', { ...d, gift })).gift,
      ).toEqual(gift);
    const bad = envelope('DonationRegistered', { ...d, gift: { kind: 'shares' } });
    expect(() => payloadOf(charityContract.DonationRegistered, bad)).toThrow(/payload\.gift/);
  });
});
