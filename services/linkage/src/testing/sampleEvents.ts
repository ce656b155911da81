import type { EventEnvelope } from '@fivesoc/eventing';
import type { Sources } from '../readModels/readModels.ts';

export type Society = keyof Sources;
export interface Sample {
  society: Society;
  event: EventEnvelope;
}

const D = '330102';
const streets = [`${D}001`, `${D}002`];
const communities = [`${D}001001`, `${D}001002`, `${D}002001`, `${D}002002`];
const placeOf = (i: number) => {
  const communityCode = communities[i % communities.length]!;
  return { districtCode: D, streetCode: communityCode.slice(0, 9), communityCode };
};
const sealed = (personId: string) => ({ personId, iv: 'aXY=', data: `sealed-${personId}`, tag: 'dGFn' });
const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 8, minute)).toISOString();

/**
 * A realistic mixed history of the five societies, with the field names of docs/contracts, in the order
 * the societies would publish it; plus event types linkage does not read, and one malformed payload.
 */
export function sampleHistory(): Sample[] {
  const out: Sample[] = [];
  const versions = new Map<string, number>();
  let n = 0;
  const emit = (society: Society, streamId: string, type: string, payload: unknown) => {
    const v = (versions.get(streamId) ?? 0) + 1;
    versions.set(streamId, v);
    n++;
    const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const event = {
      id,
      streamId,
      streamVersion: v,
      type,
      schemaVersion: 1,
      occurredAt: at(n),
      payload,
      metadata: { correlationId: `c-${n}` },
    };
    out.push({ society, event });
  };

  // community: the tree, needs, and things linkage does not read (venues, feedback)
  emit('community', `district-${D}`, 'DistrictRegistered', { districtCode: D, name: '上城区' });
  for (const s of streets)
    emit('community', `street-${s}`, 'StreetRegistered', {
      districtCode: D,
      streetCode: s,
      name: `街道${s}`,
    });
  for (const c of communities)
    emit('community', `community-${c}`, 'CommunityRegistered', {
      districtCode: D,
      streetCode: c.slice(0, 9),
      communityCode: c,
      name: `社区${c}`,
    });
  emit('community', `community-${communities[0]}`, 'UnitRenamed', {
    level: 'community',
    code: communities[0],
    from: '社区',
    to: '新社区',
  });
  emit('community', `community-${communities[1]}`, 'CommunityMoved', {
    communityCode: communities[1],
    districtCode: D,
    fromStreetCode: streets[0],
    toStreetCode: streets[1],
  });
  emit('community', `community-${communities[3]}`, 'CommunityMerged', {
    communityCode: communities[3],
    survivorCode: communities[2],
    streetCode: streets[1],
  });
  emit('community', 'venue-v1', 'VenueRegistered', {
    venueId: 'v1',
    name: 'hall',
    ...placeOf(0),
    capacity: 50,
    opensAt: '08:00',
    closesAt: '20:00',
  });
  const categories = ['elder_care', 'child_care', 'disability', 'poverty_relief', 'mental_health'];
  const urgencies = ['low', 'normal', 'high', 'critical'];
  for (let i = 0; i < 16; i++) {
    emit('community', `need-n${i}`, 'NeedReported', {
      needId: `n${i}`,
      ...placeOf(i),
      category: categories[i % 5],
      categoryListVersion: 1,
      urgency: urgencies[i % 4],
      people: [{ personId: `p${i}`, data: sealed(`p${i}`) }],
      consent: { given: true, givenBy: 'self', at: at(0), scope: ['needs_assessment', 'case_handling'] },
      description: sealed(`p${i}`),
    });
    if (i % 3 === 0)
      emit('community', `need-n${i}`, 'NeedUpdated', {
        needId: `n${i}`,
        ...placeOf(i),
        categoryListVersion: 1,
        urgency: 'critical',
      });
    if (i % 5 === 4)
      emit('community', `need-n${i}`, 'NeedWithdrawn', {
        needId: `n${i}`,
        ...placeOf(i),
        reason: 'resolved_elsewhere',
      });
  }
  emit('community', 'feedback-case-x-p1', 'FeedbackGiven', {
    subjectKind: 'case',
    subjectId: 'x',
    residentId: 'p1',
    ...placeOf(1),
    rating: 5,
  });
  emit('community', 'need-bad', 'NeedReported', {
    needId: 'bad',
    ...placeOf(0),
    category: 'other',
    urgency: 'whenever',
  });

  // social-worker
  const specialties = ['elderly', 'children', 'disability', 'mental_health', 'family'];
  for (let i = 0; i < 8; i++) {
    const p = placeOf(i);
    emit('socialWorker', `worker-w${i}`, 'WorkerRegistered', {
      workerId: `w${i}`,
      personal: sealed(`w${i}`),
      qualificationLevel: 'social_worker',
      certificateNumber: `CERT${i}`,
      specialties: [specialties[i % 5], specialties[(i + 2) % 5]],
      employerId: 'station-1',
      districtCode: D,
      streetCode: p.streetCode,
      stationCode: `${p.streetCode}-1`,
      coveredCommunityCodes: [p.communityCode],
      maxCaseload: 3 + (i % 3),
      registeredAt: at(100 + i),
    });
    for (let k = 0; k < i % 3; k++)
      emit('socialWorker', `worker-w${i}`, 'CaseAssigned', {
        caseId: `case-${i}-${k}`,
        activeCaseCount: k + 1,
      });
    if (i % 4 === 2)
      emit('socialWorker', `worker-w${i}`, 'CaseReleased', { caseId: `case-${i}-0`, activeCaseCount: 1 });
    if (i === 3) emit('socialWorker', `worker-w${i}`, 'WorkerSuspended', { reason: 'training' });
    if (i === 5) {
      emit('socialWorker', `worker-w${i}`, 'WorkerUpdated', { specialties: ['school'], maxCaseload: 8 });
      emit('socialWorker', `worker-w${i}`, 'TalentRecordAdded', {
        recordId: 't1',
        kind: 'certification',
        from: '2025-01-01',
        organization: 'x',
      });
    }
    if (i === 7) emit('socialWorker', `worker-w${i}`, 'WorkerLeft', { reason: 'moved' });
  }

  // volunteer
  const skills = ['elder_care', 'child_care', 'medical', 'logistics', 'it_support'];
  for (let i = 0; i < 10; i++) {
    emit('volunteer', `volunteer-v${i}`, 'VolunteerRegistered', {
      volunteerId: `v${i}`,
      personal: sealed(`v${i}`),
      skills: [skills[i % 5]],
      languages: ['zh'],
      availability: [{ weekday: (i % 7) + 1, start: '09:00', end: '12:00' }],
      place: placeOf(i),
      serviceRadiusKm: 3,
      maxHoursPerWeek: 10,
    });
    if (i % 4 === 1)
      emit('volunteer', `volunteer-v${i}`, 'VolunteerProfileUpdated', {
        volunteerId: `v${i}`,
        skills: ['legal_aid', 'sports'],
      });
  }
  emit('volunteer', 'volunteer-v9', 'VolunteerErased', { volunteerId: 'v9' });
  emit('volunteer', 'team-t1', 'TeamFormed', {
    teamId: 't1',
    name: 'team',
    place: placeOf(0),
    leaderId: 'v0',
  });
  for (let t = 0; t < 4; t++) {
    emit('volunteer', `task-k${t}`, 'TaskCreated', {
      taskId: `k${t}`,
      title: 'visit',
      creator: { kind: 'community_staff', id: 'staff-1' },
      requiredSkills: [skills[t]],
      startAt: at(600 + t * 60),
      endAt: at(660 + t * 60),
      place: { ...placeOf(t), address: 'somewhere' },
      headcount: 2,
    });
    emit('volunteer', `task-k${t}`, 'VolunteerSignedUp', { taskId: `k${t}`, volunteerId: `v${t}` });
    emit('volunteer', `task-k${t}`, 'VolunteerAssigned', { taskId: `k${t}`, volunteerId: `v${t}` });
    emit('volunteer', `schedule-v${t}`, 'WindowBooked', {
      taskId: `k${t}`,
      startAt: at(600 + t * 60),
      endAt: at(660 + t * 60),
    });
  }
  emit('volunteer', 'task-k1', 'VolunteerWithdrew', { taskId: 'k1', volunteerId: 'v1' });
  emit('volunteer', 'schedule-v1', 'WindowReleased', { taskId: 'k1', reason: 'withdrew' });
  emit('volunteer', 'task-k3', 'TaskCancelled', { taskId: 'k3', reason: 'rain' });
  emit('volunteer', 'schedule-v3', 'WindowReleased', { taskId: 'k3', reason: 'cancelled' });
  emit('volunteer', 'hours-v0', 'HoursRecorded', {
    entryId: 'h1',
    taskId: 'k0',
    minutes: 60,
    recordedAt: at(700),
    recordedBy: 'staff-1',
  });

  // organization
  const fields = ['elderly', 'children', 'disability', 'poverty_relief'];
  for (let i = 0; i < 8; i++) {
    const s = `organization-o${i}`;
    if (i === 7) {
      emit('organization', s, 'CommunityOrganizationFiled', {
        organizationId: `o${i}`,
        name: `Org ${i}`,
        field: 'mutual_aid',
        place: placeOf(i),
        legalRepresentative: sealed(`lr${i}`),
        at: at(300),
      });
      continue;
    }
    emit('organization', s, 'ApplicationSubmitted', {
      organizationId: `o${i}`,
      name: `Org ${i}`,
      category: 'public_welfare_charity',
      kind: 'social_service_agency',
      field: fields[i % 4],
      place: placeOf(i),
      creditCode: '91330102MA2XXXXX1X',
      legalRepresentative: sealed(`lr${i}`),
      route: 'direct',
    });
    if (i === 6) {
      emit('organization', s, 'RegistrationRejected', { reason: 'incomplete' });
      continue;
    }
    emit('organization', s, 'RegistrationApproved', { at: at(300 + i) });
    emit('organization', s, 'EvaluationRecorded', {
      round: '2026',
      scores: { serviceCapacity: 80, efficiency: 80, compliance: 80, benefit: 80 },
      rating: `${(i % 5) + 1}A`,
      evaluator: 'civil-affairs',
      validFrom: '2026-01-01',
      validUntil: '2030-12-31',
    });
    emit('organization', s, 'AnnualReportFiled', { year: 2025, summary: 'ok', at: at(320) });
    if (i % 3 === 0)
      emit('organization', s, 'CreditRecordAdded', {
        recordId: `cr${i}`,
        polarity: 'negative',
        serious: i === 3,
        source: 'x',
        date: '2026-02-01',
        description: 'late',
      });
    if (i === 0) emit('organization', s, 'CreditRecordRevoked', { recordId: 'cr0', reason: 'appeal' });
    if (i === 4)
      emit('organization', s, 'MarkedAbnormal', { at: at(330), reason: 'missed_report', year: 2025 });
    if (i === 2) emit('organization', s, 'HubDesignated', { by: 'civil-affairs' });
  }

  // charity
  emit('charity', 'donor-d1', 'DonorRegistered', {
    donorId: 'd1',
    kind: 'person',
    personal: sealed('d1'),
    disclosureConsent: false,
    districtCode: D,
  });
  emit('charity', 'fund-f1', 'FundOpened', {
    fundId: 'f1',
    kind: 'community_foundation',
    name: 'fund',
    districtCode: D,
    streetCode: streets[0],
  });
  const gifts = [
    { kind: 'money', amountFen: 100_000 },
    { kind: 'goods', item: 'rice', quantity: 40, unit: 'kg' },
    { kind: 'service', service: 'counselling', hours: 20 },
  ];
  for (let i = 0; i < 8; i++) {
    const s = `donation-g${i}`;
    const p = placeOf(i);
    const gift = gifts[i % 3]!;
    const pledged = [100_000, 40, 20][i % 3]!;
    emit('charity', s, 'DonationRegistered', {
      donationId: `g${i}`,
      donorId: 'd1',
      donorKind: 'person',
      ...(i % 2 === 0 ? { fundId: 'f1' } : {}),
      gift,
      restriction: i % 3 === 1 ? { communityCode: p.communityCode, category: 'elder_care' } : null,
      districtCode: D,
      streetCode: p.streetCode,
      communityCode: p.communityCode,
    });
    emit('charity', s, 'DonationReceived', { quantity: pledged });
    const target = { needId: `n${i}`, communityCode: p.communityCode, category: 'elder_care' };
    const q = Math.floor(pledged / 4);
    emit('charity', s, 'ResourceReserved', { entryId: `e${i}a`, quantity: q, target });
    emit('charity', s, 'ResourceReserved', { entryId: `e${i}b`, quantity: q, target });
    emit('charity', s, 'ReservationReleased', {
      entryId: `e${i}b`,
      quantity: q,
      target,
      reason: 'case closed',
    });
    emit('charity', s, 'ResourceAllocated', { entryId: `e${i}a`, quantity: q, target });
    if (i % 2 === 0) emit('charity', s, 'ResourceDisbursed', { entryId: `e${i}a`, quantity: q, target });
    if (i === 0) emit('charity', s, 'ReceiptConfirmed', { entryId: `e${i}a`, quantity: q, target });
    if (i === 3)
      emit('charity', s, 'AllocationReversed', {
        entryId: `e${i}r`,
        quantity: q,
        target,
        reversalOf: `e${i}a`,
        fromStatus: 'allocated',
        reason: 'error',
      });
  }
  return out;
}

/** Types in the history that linkage does not read: they leave no trace. */
export const UNREAD_TYPES = new Set([
  'VenueRegistered',
  'FeedbackGiven',
  'TalentRecordAdded',
  'TeamFormed',
  'HoursRecorded',
  'AnnualReportFiled',
  'DonorRegistered',
]);
