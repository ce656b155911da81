import { describe, expect, it } from 'vitest';
import { caseDecider, type CaseCommand } from './decider.ts';
import type { CaseEvent } from './events.ts';
import { caseRegistry } from './events.ts';
import { statusOf, type CaseState } from './state.ts';

const decider = caseDecider({ matchTimeoutMs: 60_000 });
const t0 = new Date('2026-11-27T08:00:00Z');
const place = { districtCode: '110105', streetCode: '110105001', communityCode: '110105001001' };
const score = { total: 0.8, skillFit: 1, nearness: 1, loadBalance: 0.5, rating: 0.6, credit: 1 };

/** Runs commands in order, keeping every event (each one checked against its published contract). */
function run(commands: CaseCommand[], at = t0, start?: { state: CaseState; events: CaseEvent[] }) {
  let state = start?.state ?? decider.initialState();
  const events: CaseEvent[] = [...(start?.events ?? [])];
  for (const c of commands) {
    const out = decider.decide(c, state, { now: at });
    for (const e of out) {
      caseRegistry.validate(e.type, 1, e.payload);
      state = decider.evolve(state, e);
    }
    events.push(...out);
  }
  return { state, events };
}

const opened: CaseCommand = {
  kind: 'open',
  caseId: 'c-n1',
  needId: 'n1',
  place,
  category: 'elder_care',
  urgency: 'high',
  openedBy: 'auto',
};

const planned = () =>
  run([
    opened,
    { kind: 'assignWorker', workerId: 'w1' },
    { kind: 'workerAnswered', requestId: 'c-n1-w1', accepted: true },
    { kind: 'assess', riskLevel: 'high', needsIdentified: ['meal_delivery'], urgency: 'high' },
    {
      kind: 'plan',
      items: [
        {
          itemId: 'meals',
          kind: 'volunteer',
          description: '',
          requirement: 'meal_delivery',
          quantity: 1,
          startAt: '2026-12-01T09:00:00Z',
          endAt: '2026-12-01T11:00:00Z',
        },
        { itemId: 'fund', kind: 'donation', description: '', requirement: 'fen', quantity: 50_000 },
      ],
    },
    {
      kind: 'proposeCandidates',
      itemId: 'meals',
      candidates: ['v1', 'v2', 'v3'].map((resourceId) => ({ resourceId, score })),
    },
    { kind: 'proposeCandidates', itemId: 'fund', candidates: [{ resourceId: 'd1', score }] },
  ]);

describe('the case decider', () => {
  it('opens once per need', () => {
    const { state } = run([opened]);
    expect(statusOf(state)).toBe('open');
    expect(() => decider.decide(opened, state, { now: t0 })).toThrow(/already exists/);
  });

  it('asks the next worker candidate when one refuses, and ignores a repeated answer', () => {
    const { state, events } = run([
      opened,
      { kind: 'proposeWorkers', workerIds: ['w1', 'w2'] },
      { kind: 'workerAnswered', requestId: 'c-n1-w1', accepted: false, reason: 'the caseload is full' },
      { kind: 'workerAnswered', requestId: 'c-n1-w1', accepted: false, reason: 'the caseload is full' },
      { kind: 'workerAnswered', requestId: 'c-n1-w2', accepted: true },
      { kind: 'workerAnswered', requestId: 'c-n1-w2', accepted: true },
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'CaseOpened',
      'WorkerCandidatesProposed',
      'WorkerRequested',
      'WorkerRefused',
      'WorkerRequested',
      'WorkerAssigned',
    ]);
    expect(state.workerId).toBe('w2');
    expect(statusOf(state)).toBe('assigned');
  });

  it('moves to the next candidate on a refusal and on an expiry, never twice for one answer', () => {
    const base = planned();
    const first = run([{ kind: 'accept', itemId: 'meals', resourceId: 'v1' }], t0, base);
    const r1 = first.state.matches[0]!.requestId;
    const refused = run(
      [
        { kind: 'answered', requestId: r1, outcome: 'refused', reason: 'volunteer withdrew' },
        { kind: 'answered', requestId: r1, outcome: 'refused', reason: 'volunteer withdrew' },
      ],
      t0,
      first,
    );
    const [m1, m2] = refused.state.matches;
    expect(m1).toMatchObject({ resourceId: 'v1', status: 'refused', released: false });
    expect(m2).toMatchObject({ resourceId: 'v2', status: 'requested', attempt: 2 });
    expect(refused.state.matches).toHaveLength(2);

    // Not due yet: nothing happens. Due: expired, and v3 is asked.
    const early = run(
      [{ kind: 'expire', requestId: m2!.requestId }],
      new Date(t0.getTime() + 59_000),
      refused,
    );
    expect(early.state.matches).toHaveLength(2);
    const late = run(
      [{ kind: 'expire', requestId: m2!.requestId }],
      new Date(t0.getTime() + 60_000),
      refused,
    );
    expect(late.state.matches.map((m) => [m.resourceId, m.status])).toEqual([
      ['v1', 'refused'],
      ['v2', 'expired'],
      ['v3', 'requested'],
    ]);
    // An answer after the expiry changes nothing.
    const after = run([{ kind: 'answered', requestId: m2!.requestId, outcome: 'confirmed' }], t0, late);
    expect(after.events).toHaveLength(late.events.length);
    // v3 refuses too: the proposal is exhausted.
    const last = late.state.matches[2]!.requestId;
    const exhausted = run(
      [{ kind: 'answered', requestId: last, outcome: 'refused', reason: 'busy' }],
      t0,
      late,
    );
    expect(exhausted.events.at(-1)).toEqual({ type: 'CandidatesExhausted', payload: { itemId: 'meals' } });
  });

  it('goes through delivery and review to a resolved close, which releases the worker', () => {
    const base = planned();
    const s = run(
      [
        { kind: 'accept', itemId: 'meals', resourceId: 'v1' },
        { kind: 'accept', itemId: 'fund', resourceId: 'd1' },
        { kind: 'answered', requestId: 'c-n1-r2', outcome: 'confirmed' },
        { kind: 'answered', requestId: 'c-n1-r3', outcome: 'held' },
      ],
      t0,
      base,
    );
    expect(statusOf(s.state)).toBe('matching');
    expect(s.state.matches[1]).toMatchObject({ quantity: 50_000, status: 'held', score });
    const confirmed = run([{ kind: 'answered', requestId: 'c-n1-r3', outcome: 'confirmed' }], t0, s);
    expect(statusOf(confirmed.state)).toBe('in_delivery');
    expect(() => decider.decide({ kind: 'review', rating: 5 }, confirmed.state, { now: t0 })).toThrow(
      /in_delivery/,
    );
    const delivery = (requestId: string, sourceEventId: string): CaseCommand => ({
      kind: 'deliver',
      requestId,
      quantity: 1,
      deliveredAt: '2026-12-01T11:00:00Z',
      source: 'charity',
      sourceEventId,
    });
    const delivered = run(
      [delivery('c-n1-r2', 'e1'), delivery('c-n1-r3', 'e2'), delivery('c-n1-r3', 'e2')],
      t0,
      confirmed,
    );
    expect(delivered.state.matches[1]!.deliveries).toBe(1);
    expect(statusOf(delivered.state)).toBe('under_review');
    expect(() =>
      decider.decide({ kind: 'close', outcome: 'resolved' }, delivered.state, { now: t0 }),
    ).toThrow(/reviewed first/);
    const closed = run(
      [
        { kind: 'review', rating: 5 },
        { kind: 'close', outcome: 'resolved' },
      ],
      t0,
      delivered,
    );
    expect(statusOf(closed.state)).toBe('closed');
    expect(closed.state.workersToRelease).toEqual(['w1']);
    // Delivered matches are kept; nothing is withdrawn.
    expect(closed.events.filter((e) => e.type === 'MatchWithdrawn')).toEqual([]);
    const released = run(
      [
        { kind: 'workerReleased', workerId: 'w1' },
        { kind: 'workerReleased', workerId: 'w1' },
      ],
      t0,
      closed,
    );
    expect(released.events.filter((e) => e.type === 'WorkerReleased')).toHaveLength(1);
  });

  it('withdraws what a closed case holds, once, and gives back a confirmation that lands after the close', () => {
    const s = run(
      [
        { kind: 'accept', itemId: 'meals', resourceId: 'v1' },
        { kind: 'accept', itemId: 'fund', resourceId: 'd1' },
        { kind: 'answered', requestId: 'c-n1-r2', outcome: 'confirmed' },
        { kind: 'close', outcome: 'withdrawn' },
        { kind: 'answered', requestId: 'c-n1-r3', outcome: 'confirmed' },
        { kind: 'released', requestId: 'c-n1-r2', outcome: 'released' },
        { kind: 'released', requestId: 'c-n1-r2', outcome: 'released' },
      ],
      t0,
      planned(),
    );
    expect(s.state.matches.map((m) => [m.requestId, m.status, m.released])).toEqual([
      ['c-n1-r2', 'withdrawn', true],
      ['c-n1-r3', 'withdrawn', false],
    ]);
    expect(s.events.filter((e) => e.type === 'MatchReleased')).toHaveLength(1);
    expect(s.events.filter((e) => e.type === 'MatchRequested')).toHaveLength(2);
    expect(() =>
      decider.decide({ kind: 'assess', riskLevel: 'low', needsIdentified: ['x'], urgency: 'low' }, s.state, {
        now: t0,
      }),
    ).toThrow(/closed/);
  });

  it('transfers to another worker and releases the first one; escalates street then district', () => {
    const offered = run([{ kind: 'transfer', toWorkerId: 'w9', reason: 'moved station' }], t0, planned());
    // The receiving worker accepts the offer (as themselves), then the social-worker service answers.
    let accepted = offered.state;
    for (const e of decider.decide({ kind: 'answerTransfer', accepted: true }, accepted, {
      now: t0,
      actor: 'w9',
    }))
      accepted = decider.evolve(accepted, e);
    const s = run(
      [
        { kind: 'workerAnswered', requestId: 'c-n1-w2', accepted: true },
        { kind: 'escalate', reason: 'risk of harm' },
        { kind: 'escalate', reason: 'no street resource' },
      ],
      t0,
      { state: accepted, events: offered.events },
    );
    expect(s.state.workerId).toBe('w9');
    expect(s.state.workersToRelease).toEqual(['w1']);
    expect(s.state.escalationLevel).toBe(2);
    expect(() => decider.decide({ kind: 'escalate', reason: 'x' }, s.state, { now: t0 })).toThrow(
      /district level/,
    );
  });

  it('refuses bad commands naming the field, and drops plan items with their matches', () => {
    const base = planned();
    expect(() =>
      decider.decide({ kind: 'accept', itemId: 'nope', resourceId: 'v1' }, base.state, { now: t0 }),
    ).toThrow(/item_id: no plan item nope/);
    expect(() =>
      decider.decide({ kind: 'accept', itemId: 'fund', resourceId: 'd1', quantity: 50_001 }, base.state, {
        now: t0,
      }),
    ).toThrow(/quantity: at most 50000/);
    const s = run([{ kind: 'accept', itemId: 'fund', resourceId: 'd1', quantity: 20_000 }], t0, base);
    const replanned = run(
      [{ kind: 'plan', items: base.state.plan.filter((i) => i.itemId === 'meals') }],
      t0,
      s,
    );
    expect(replanned.events.slice(-2).map((e) => e.type)).toEqual(['CasePlanned', 'MatchWithdrawn']);
    expect(replanned.state.candidates.fund).toBeUndefined();
  });
});
