import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@fivesoc/eventing';
import { caseDecider, type CaseCommand } from '../domain/decider.ts';
import type { CaseState } from '../domain/state.ts';
import { obligations, recordOf, type Obligation } from './obligations.ts';
import { translate, type Reaction, type Society } from './translate.ts';

// The case saga as a process manager, specified like the deciders: given a society's event, then what it
// asks of the cases (`translate`); given a case's history, then what it owes the societies (`obligations`).

const decider = caseDecider({ matchTimeoutMs: 60_000 });
const t0 = new Date('2026-11-27T08:00:00Z');
const place = { districtCode: '110105', streetCode: '110105001', communityCode: '110105001001' };
const score = { total: 0.8, skillFit: 1, nearness: 1, loadBalance: 0.5, rating: 0.6, credit: 1 };

const envelope = (type: string, payload: unknown): EventEnvelope => ({
  id: `e-${type}`,
  streamId: 's-1',
  streamVersion: 1,
  type,
  schemaVersion: 1,
  occurredAt: '2026-11-27T09:00:00.000Z',
  payload,
  metadata: { correlationId: 'c' },
});

/** given(society, type, payload).then(reactions) */
const whenSociety = (society: Society, type: string, payload: unknown, autoOpen = true) => ({
  then: (expected: Reaction[]) =>
    expect(translate(society, envelope(type, payload), { autoOpen })).toEqual(expected),
  thenThrows: (matcher: RegExp) =>
    expect(() => translate(society, envelope(type, payload), { autoOpen })).toThrow(matcher),
});

/** given(case commands).then(obligations): the history made by the decider, as the saga would load it. */
const givenCase = (commands: CaseCommand[]) => {
  let state: CaseState = decider.initialState();
  for (const c of commands)
    for (const e of decider.decide(c, state, { now: t0 })) state = decider.evolve(state, e);
  return { state, then: (expected: Obligation[]) => expect(obligations(state)).toEqual(expected) };
};

const opened: CaseCommand = {
  kind: 'open',
  caseId: 'c-n1',
  needId: 'n1',
  place,
  category: 'elder_care',
  urgency: 'high',
  openedBy: 'auto',
};
const meals = {
  itemId: 'meals',
  kind: 'volunteer' as const,
  description: '',
  requirement: 'meal_delivery',
  quantity: 1,
  startAt: '2026-12-01T09:00:00Z',
  endAt: '2026-12-01T11:00:00Z',
};
const assigned: CaseCommand[] = [
  opened,
  { kind: 'assignWorker', workerId: 'w1' },
  { kind: 'workerAnswered', requestId: 'c-n1-w1', accepted: true },
  { kind: 'assess', riskLevel: 'high', needsIdentified: ['meal_delivery'], urgency: 'high' },
  { kind: 'plan', items: [meals] },
];
const requested: CaseCommand[] = [...assigned, { kind: 'accept', itemId: 'meals', resourceId: 'v1', score }];
const target = { needId: 'n1', communityCode: place.communityCode, category: 'elder_care' };

describe('translate: what a society event asks of the cases', () => {
  it('opens a case for a reported need with consent to case handling, once per need', () => {
    whenSociety('community', 'NeedReported', {
      needId: 'n1',
      ...place,
      category: 'elder_care',
      urgency: 'high',
      consent: { scope: ['case_handling'] },
    }).then([{ kind: 'command', caseId: 'c-n1', command: opened, unlessExists: true }]);
  });

  it('opens nothing without the consent, or when cases are opened by staff', () => {
    const need = { needId: 'n1', ...place, category: 'elder_care', urgency: 'high' };
    whenSociety('community', 'NeedReported', need).then([
      { kind: 'skip', reason: 'need reported without consent to case handling', needId: 'n1' },
    ]);
    whenSociety('community', 'NeedReported', { ...need, consent: { scope: ['case_handling'] } }, false).then(
      [],
    );
  });

  it('closes the open case of a withdrawn need, and erases its notes with the need’s story', () => {
    whenSociety('community', 'NeedWithdrawn', { needId: 'n1', ...place, reason: 'resolved' }).then([
      { kind: 'ifOpen', caseId: 'c-n1', command: { kind: 'close', outcome: 'withdrawn' } },
    ]);
    whenSociety('community', 'PersonalDataErased', { personId: 'need-n1' }).then([
      { kind: 'erase', key: 'case-c-n1' },
    ]);
    whenSociety('community', 'PersonalDataErased', { personId: 'p1', needId: 'n1' }).then([]);
  });

  it('hears a volunteer withdrawing from a case’s task as a refusal, and recorded hours as a delivery', () => {
    whenSociety('volunteer', 'VolunteerWithdrew', { taskId: 'c-n1-r1', volunteerId: 'v1' }).then([
      {
        kind: 'answer',
        caseId: 'c-n1',
        requestId: 'c-n1-r1',
        itemKind: 'volunteer',
        command: {
          kind: 'answered',
          requestId: 'c-n1-r1',
          outcome: 'refused',
          reason: 'the volunteer withdrew',
        },
      },
    ]);
    whenSociety('volunteer', 'HoursRecorded', {
      taskId: 'c-n1-r1',
      minutes: 90,
      recordedAt: '2026-12-01T11:00:00Z',
    }).then([
      {
        kind: 'answer',
        caseId: 'c-n1',
        requestId: 'c-n1-r1',
        itemKind: 'volunteer',
        command: {
          kind: 'deliver',
          requestId: 'c-n1-r1',
          quantity: 90,
          deliveredAt: '2026-12-01T11:00:00Z',
          source: 'volunteer',
          sourceEventId: 'e-HoursRecorded',
        },
      },
    ]);
  });

  it('ignores society records that are not linkage’s requests', () => {
    whenSociety('volunteer', 'TaskCancelled', { taskId: 'task-7', reason: 'rain' }).then([]);
    whenSociety('charity', 'ResourceAllocated', { entryId: 'e1', quantity: 5, target }).then([]);
  });

  it('hears an organization’s answer to a referral and a coordinator’s allocation as the request’s answer', () => {
    whenSociety('organization', 'ReferralDeclined', { referralId: 'c-n1-r2', reason: 'full' }).then([
      {
        kind: 'answer',
        caseId: 'c-n1',
        requestId: 'c-n1-r2',
        itemKind: 'organization',
        command: { kind: 'answered', requestId: 'c-n1-r2', outcome: 'refused', reason: 'declined: full' },
      },
    ]);
    whenSociety('charity', 'ResourceAllocated', { entryId: 'c-n1-r3', quantity: 5, target }).then([
      {
        kind: 'answer',
        caseId: 'c-n1',
        requestId: 'c-n1-r3',
        itemKind: 'donation',
        command: { kind: 'answered', requestId: 'c-n1-r3', outcome: 'confirmed' },
      },
    ]);
  });

  it('refuses a malformed payload as a poison message, naming the field', () => {
    whenSociety('charity', 'ResourceDisbursed', { entryId: 'c-n1-r3' }).thenThrows(
      /ResourceDisbursed: payload\.quantity/,
    );
  });
});

describe('obligations: what a case owes the societies', () => {
  it('owes nothing once every request is answered', () => {
    givenCase([opened]).then([]);
    givenCase([...requested, { kind: 'answered', requestId: 'c-n1-r2', outcome: 'confirmed' }]).then([]);
  });

  it('asks the requested worker', () => {
    givenCase([opened, { kind: 'assignWorker', workerId: 'w1' }]).then([
      { kind: 'askWorker', caseId: 'c-n1', requestId: 'c-n1-w1', workerId: 'w1', districtCode: '110105' },
    ]);
  });

  it('sends an accepted candidate’s request to its society, as the plan item says', () => {
    const { state } = givenCase(requested);
    const [o] = obligations(state);
    expect(o).toMatchObject({
      kind: 'request',
      caseId: 'c-n1',
      match: { requestId: 'c-n1-r2', resourceId: 'v1', status: 'requested' },
      request: {
        kind: 'volunteer',
        task: { requestId: 'c-n1-r2', caseId: 'c-n1', volunteerId: 'v1', skill: 'meal_delivery' },
        slot: { startAt: '2026-12-01T09:00:00Z', endAt: '2026-12-01T11:00:00Z' },
        place,
      },
    });
    // A volunteer reserved is confirmed at once; a refusal is recorded with the society's reason.
    expect(recordOf(o!, 'ok')).toEqual({ kind: 'answered', requestId: 'c-n1-r2', outcome: 'confirmed' });
    expect(recordOf(o!, { refused: 'not available' })).toEqual({
      kind: 'answered',
      requestId: 'c-n1-r2',
      outcome: 'refused',
      reason: 'not available',
    });
  });

  it('gives back what a withdrawn request holds, once', () => {
    const withdrawn = [
      ...requested,
      { kind: 'reject', requestId: 'c-n1-r2', reason: 'family helps' } as const,
    ];
    const { state } = givenCase(withdrawn);
    const [o] = obligations(state);
    expect(o).toMatchObject({ kind: 'giveBack', match: { requestId: 'c-n1-r2', status: 'withdrawn' } });
    expect(recordOf(o!, 'ok')).toEqual({ kind: 'released', requestId: 'c-n1-r2', outcome: 'released' });
    givenCase([...withdrawn, { kind: 'released', requestId: 'c-n1-r2', outcome: 'released' }]).then([]);
  });
});
