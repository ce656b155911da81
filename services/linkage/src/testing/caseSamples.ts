import { D, A1, A2, B1 } from './casePlaces.ts';
import type { Sample, Society } from './sampleEvents.ts';

type Place = { districtCode: string; streetCode: string; communityCode: string };
const at = (c: string): Place => ({ districtCode: D, streetCode: c.slice(0, 9), communityCode: c });

/** Needs (category elder_care, urgency high unless said), volunteers, organizations and donations. */
export function caseSamples(needs: { id: string; community: string; consent?: string[] }[]): Sample[] {
  const out: Sample[] = [];
  const versions = new Map<string, number>();
  let n = 0;
  const emit = (society: Society, streamId: string, type: string, payload: unknown) => {
    const v = (versions.get(streamId) ?? 0) + 1;
    versions.set(streamId, v);
    n++;
    out.push({
      society,
      event: {
        id: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
        streamId,
        streamVersion: v,
        type,
        schemaVersion: 1,
        occurredAt: new Date(Date.UTC(2026, 10, 2, 8, n)).toISOString(),
        payload,
        metadata: { correlationId: `x-${n}` },
      },
    });
  };
  const sealed = (personId: string) => ({ personId, iv: 'aXY=', data: `sealed-${personId}`, tag: 'dGFn' });

  for (const need of [...needs, { id: 'gone', community: A1 }]) {
    emit('community', `need-${need.id}`, 'NeedReported', {
      needId: need.id,
      ...at(need.community),
      category: 'elder_care',
      categoryListVersion: 1,
      urgency: 'high',
      people: [{ personId: `p-${need.id}`, data: sealed(`p-${need.id}`) }],
      consent: {
        given: true,
        givenBy: 'self',
        at: '2026-11-01T00:00:00.000Z',
        scope: need.consent ?? ['needs_assessment', 'case_handling', 'referral_to_partners'],
      },
      description: sealed(`p-${need.id}`),
    });
  }
  emit('community', 'need-gone', 'NeedWithdrawn', {
    needId: 'gone',
    ...at(A1),
    reason: 'resolved_elsewhere',
  });

  const volunteer = (id: string, community: string, weekday: number) =>
    emit('volunteer', `volunteer-${id}`, 'VolunteerRegistered', {
      volunteerId: id,
      personal: sealed(id),
      skills: ['companionship'],
      languages: ['zh'],
      availability: [{ weekday, start: '09:00', end: '17:00' }],
      place: at(community),
      serviceRadiusKm: 3,
      maxHoursPerWeek: 10,
    });
  volunteer('va1', A1, 6);
  volunteer('va2', A2, 6);
  volunteer('vb1', B1, 6);
  volunteer('vbusy', A1, 6);
  volunteer('vweek', A1, 1); // Mondays only
  emit('volunteer', 'schedule-vbusy', 'WindowBooked', {
    taskId: 'other-task',
    startAt: '2026-12-05T03:00:00.000Z',
    endAt: '2026-12-05T05:00:00.000Z',
  });

  const organization = (id: string, community: string, rating: string, serious = false) => {
    const s = `organization-${id}`;
    emit('organization', s, 'ApplicationSubmitted', {
      organizationId: id,
      name: `Org ${id}`,
      category: 'public_welfare_charity',
      kind: 'social_service_agency',
      field: 'elder_support',
      place: at(community),
      creditCode: '91330102MA2XXXXX1X',
      legalRepresentative: sealed(`lr-${id}`),
      route: 'direct',
    });
    emit('organization', s, 'RegistrationApproved', { at: '2026-01-01T00:00:00.000Z' });
    emit('organization', s, 'EvaluationRecorded', {
      round: '2026',
      scores: { serviceCapacity: 80, efficiency: 80, compliance: 80, benefit: 80 },
      rating,
      evaluator: 'civil-affairs',
      validFrom: '2026-01-01',
      validUntil: '2030-12-31',
    });
    if (serious)
      emit('organization', s, 'CreditRecordAdded', {
        recordId: `cr-${id}`,
        polarity: 'negative',
        serious: true,
        source: 'x',
        date: '2026-02-01',
        description: 'fraud',
      });
  };
  organization('oa', A1, '4A');
  organization('ob', B1, '5A');
  organization('oblack', A1, '5A', true);
  organization('olow', A1, '2A');

  const donation = (
    id: string,
    community: string,
    gift: Record<string, unknown>,
    received: number,
    restriction: Record<string, string> | null = null,
  ) => {
    emit('charity', `donation-${id}`, 'DonationRegistered', {
      donationId: id,
      donorId: 'd1',
      donorKind: 'enterprise',
      gift,
      restriction,
      ...at(community),
    });
    emit('charity', `donation-${id}`, 'DonationReceived', { quantity: received });
  };
  donation('da', A1, { kind: 'money', amountFen: 50_000 }, 50_000);
  donation('dres', A2, { kind: 'money', amountFen: 30_000 }, 30_000, {
    communityCode: A2,
    category: 'elder_care',
  });
  donation('dcat', A1, { kind: 'money', amountFen: 20_000 }, 20_000, { category: 'child_care' });
  donation('drice', A1, { kind: 'goods', item: 'rice', quantity: 100, unit: 'kg' }, 100);
  donation('drice2', B1, { kind: 'goods', item: 'rice', quantity: 100, unit: 'kg' }, 100);
  return out;
}
