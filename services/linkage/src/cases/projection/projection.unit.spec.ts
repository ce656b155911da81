import { describe, expect, it } from 'vitest';
import { caseDecider, type CaseCommand } from '../domain/decider.ts';
import { initialCaseState, statusOf } from '../domain/state.ts';
import { foldCaseView, type CaseViewDoc, type FoldedEvent } from './caseView.ts';
import { median, statisticsOf, type StatisticsRow } from './statistics.ts';

const decider = caseDecider({ matchTimeoutMs: 3_600_000 });
const place = { districtCode: '330102', streetCode: '330102001', communityCode: '330102001001' };

/** Runs commands through the pure decider at the given instants, returning the stored-like events. */
function history(steps: [CaseCommand, string][]): FoldedEvent[] {
  let state = initialCaseState();
  const out: FoldedEvent[] = [];
  for (const [command, at] of steps) {
    for (const e of decider.decide(command, state, { now: new Date(at) })) {
      state = decider.evolve(state, e);
      out.push({ type: e.type, payload: e.payload, streamVersion: out.length + 1, occurredAt: at });
    }
  }
  return out;
}

const fold = (events: FoldedEvent[]) =>
  events.reduce<CaseViewDoc | null>((v, e) => foldCaseView(v, e), null) as CaseViewDoc;

const T0 = '2026-11-02T00:00:00.000Z';
const open: CaseCommand = {
  kind: 'open',
  caseId: 'c-n1',
  needId: 'n1',
  place,
  category: 'elder_care',
  urgency: 'high',
  openedBy: 'u-1',
};
const flow: [CaseCommand, string][] = [
  [open, T0],
  [{ kind: 'assignWorker', workerId: 'w1' }, T0],
  [{ kind: 'workerAnswered', requestId: 'c-n1-w1', accepted: true }, T0],
  [{ kind: 'assess', riskLevel: 'medium', needsIdentified: ['meals'], urgency: 'high' }, T0],
  [
    {
      kind: 'plan',
      items: [
        { itemId: 'money', kind: 'donation', description: '', requirement: 'fen', quantity: 500 },
        { itemId: 'care', kind: 'organization', description: '', requirement: 'elderly', quantity: 1 },
      ],
    },
    T0,
  ],
  [{ kind: 'accept', itemId: 'care', resourceId: 'o1' }, '2026-11-02T00:10:00.000Z'],
  [{ kind: 'answered', requestId: 'c-n1-r2', outcome: 'confirmed' }, '2026-11-02T01:00:00.000Z'],
  [{ kind: 'accept', itemId: 'money', resourceId: 'g1' }, '2026-11-02T02:00:00.000Z'],
  [{ kind: 'answered', requestId: 'c-n1-r3', outcome: 'confirmed' }, '2026-11-02T03:00:00.000Z'],
];

describe('the case view', () => {
  it('folds the stream into the state the decider holds, with the derived status', () => {
    const events = history(flow);
    const view = fold(events);
    const state = events.reduce(
      (s, e) => decider.evolve(s, { type: e.type, payload: e.payload } as never),
      initialCaseState(),
    );
    expect(view.state).toEqual(state);
    expect(view).toMatchObject({
      _id: 'c-n1',
      _v: events.length,
      ...place,
      status: statusOf(state),
      workerId: 'w1',
      openedAt: T0,
      firstMatchAt: '2026-11-02T01:00:00.000Z',
      confirmed: { volunteer: 0, organization: 1, donation: 1 },
      openDonationItems: false,
      closedAt: null,
    });
    expect(view.status).toBe('in_delivery');
  });

  it('knows when a donation item is still open, and when the case closed', () => {
    const planned = fold(history(flow.slice(0, 5)));
    expect(planned.openDonationItems).toBe(true);
    expect(planned.status).toBe('planned');
    const closed = fold(
      history([...flow, [{ kind: 'close', outcome: 'withdrawn' }, '2026-11-03T00:00:00.000Z']]),
    );
    expect(closed).toMatchObject({
      status: 'closed',
      closedAt: '2026-11-03T00:00:00.000Z',
      openDonationItems: false,
    });
    // what was confirmed stays counted as used
    expect(closed.confirmed).toEqual({ volunteer: 0, organization: 1, donation: 1 });
  });
});

describe('district statistics', () => {
  const row = (over: Partial<StatisticsRow>): StatisticsRow => ({
    ...place,
    status: 'matching',
    openedAt: T0,
    firstMatchAt: null,
    confirmed: { volunteer: 0, organization: 0, donation: 0 },
    ...over,
  });
  const after = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

  it('takes the median of whole numbers, the lower mean of the middle two for an even count', () => {
    expect(median([])).toBe(0);
    expect(median([30, 10, 20])).toBe(20);
    expect(median([10, 40, 21, 30])).toBe(25);
  });

  it('counts open and closed cases, time to the first match and matches by kind per street and community', () => {
    const otherCommunity = { communityCode: '330102001002' };
    const otherStreet = { streetCode: '330102002', communityCode: '330102002001' };
    const rows = [
      row({ firstMatchAt: after(100), confirmed: { volunteer: 2, organization: 0, donation: 1 } }),
      row({
        status: 'closed',
        firstMatchAt: after(300),
        confirmed: { volunteer: 0, organization: 1, donation: 0 },
      }),
      row({ ...otherCommunity, status: 'open' }),
      row({
        ...otherStreet,
        status: 'closed',
        firstMatchAt: after(50),
        confirmed: { volunteer: 1, organization: 0, donation: 0 },
      }),
    ];
    const s = statisticsOf(rows, { districtCode: '330102', streetCode: '', communityCode: '' });
    expect(s.district).toEqual({
      place: { districtCode: '330102', streetCode: '', communityCode: '' },
      openCases: 2,
      closedCases: 2,
      matchedCases: 3,
      medianSecondsToMatch: 100,
      volunteerMatches: 3,
      organizationMatches: 1,
      donationMatches: 1,
    });
    expect(
      s.streets.map((a) => [a.place.streetCode, a.openCases, a.closedCases, a.medianSecondsToMatch]),
    ).toEqual([
      ['330102001', 2, 1, 200],
      ['330102002', 0, 1, 50],
    ]);
    expect(
      s.communities.map((a) => [
        a.place.communityCode,
        a.place.streetCode,
        a.matchedCases,
        a.volunteerMatches,
      ]),
    ).toEqual([
      ['330102001001', '330102001', 2, 2],
      ['330102001002', '330102001', 0, 0],
      ['330102002001', '330102002', 1, 1],
    ]);
  });
});
