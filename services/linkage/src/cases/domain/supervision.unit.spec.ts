import { describe, expect, it } from 'vitest';
import { caseDecider, type CaseCommand } from './decider.ts';
import { caseRegistry, type CaseEvent } from './events.ts';
import { STANDARD_POLICY, policyDecider, type PolicyInForce } from './policy.ts';
import { statusOf, type CaseState } from './state.ts';

// Supervision (督导), tasks and transfers, given/when/then: commands in order, each as its actor, every event
// checked against its published contract.

const decider = caseDecider({ matchTimeoutMs: 60_000 });
const t0 = new Date('2026-11-27T08:00:00Z');
const place = { districtCode: '110105', streetCode: '110105001', communityCode: '110105001001' };
const policy: PolicyInForce = { policy: STANDARD_POLICY, version: 0 };
const HOUR = 3_600_000;

type Step = CaseCommand | [CaseCommand, string];
interface Run {
  state: CaseState;
  events: CaseEvent[];
}

function run(steps: Step[], start?: Run, at = t0): Run {
  let state = start?.state ?? decider.initialState();
  const events: CaseEvent[] = [...(start?.events ?? [])];
  for (const step of steps) {
    const [c, actor] = Array.isArray(step) ? step : [step, 'w1'];
    const out = decider.decide(c, state, { now: at, actor });
    for (const e of out) {
      caseRegistry.validate(e.type, 1, e.payload);
      state = decider.evolve(state, e);
    }
    events.push(...out);
  }
  return { state, events };
}
const typesOf = (r: Run, from: Run) => r.events.slice(from.events.length).map((e) => e.type);
const refusal = (steps: Step[], start: Run) => {
  try {
    run(steps, start);
  } catch (err) {
    return (err as Error).message;
  }
  return expect.unreachable('the command should be refused');
};

const assigned = () =>
  run([
    {
      kind: 'open',
      caseId: 'c-n1',
      needId: 'n1',
      place,
      category: 'elder_care',
      urgency: 'high',
      openedBy: 'auto',
    },
    [{ kind: 'assignWorker', workerId: 'w1' }, 'staff'],
    [{ kind: 'workerAnswered', requestId: 'c-n1-w1', accepted: true, policy }, 'system:case-saga'],
  ]);
const highRisk: CaseCommand = {
  kind: 'assess',
  riskLevel: 'high',
  needsIdentified: ['elder_care'],
  urgency: 'high',
  policy,
};
const plan: CaseCommand = {
  kind: 'plan',
  policy,
  items: [{ itemId: 'fund', kind: 'donation', description: '', requirement: 'fen', quantity: 100 }],
};

describe('supervision of a case', () => {
  it('holds the plan until a high-risk assessment is approved; a returned one is submitted again', () => {
    const a = assigned();
    // The assignment gave the case its first two deadlines, by the urgency (high: 24 h) and the policy.
    expect(a.state.tasks.map((t) => [t.kind, t.dueAt])).toEqual([
      ['first_contact', new Date(t0.getTime() + 24 * HOUR).toISOString()],
      ['assessment', new Date(t0.getTime() + 7 * 24 * HOUR).toISOString()],
    ]);

    const submitted = run([highRisk], a);
    expect(typesOf(submitted, a)).toEqual(['CaseAssessed', 'TaskDone', 'TaskDone', 'ApprovalRequested']);
    expect(submitted.state.approvals.assessment).toMatchObject({ status: 'pending', approvalId: 'c-n1-a3' });
    expect(refusal([plan], submitted)).toMatch(/waits for a supervisor's approval before planning/);
    expect(refusal([highRisk], submitted)).toMatch(/with a supervisor already/);
    // The case's own worker cannot approve it.
    expect(refusal([[{ kind: 'approve', step: 'assessment', policy }, 'w1']], submitted)).toMatch(
      /own worker/,
    );

    const returned = run(
      [[{ kind: 'returnStep', step: 'assessment', reasonCode: 'risk_misjudged' }, 'sup1']],
      submitted,
    );
    expect(returned.state.approvals.assessment).toMatchObject({
      status: 'returned',
      reasonCode: 'risk_misjudged',
      by: 'sup1',
    });
    expect(refusal([plan], returned)).toMatch(/was returned by the supervisor \(risk_misjudged\)/);

    const again = run([{ ...highRisk, riskLevel: 'critical' }], returned);
    expect(typesOf(again, returned)).toEqual(['CaseAssessed', 'ApprovalRequested']);
    const approved = run([[{ kind: 'approve', step: 'assessment', policy }, 'sup1']], again);
    expect(approved.state.approvals.assessment).toMatchObject({ status: 'approved', by: 'sup1' });

    // The plan is supervised too: no matching until it is approved; then its review is due in 30 days.
    const planned = run([plan], approved);
    expect(typesOf(planned, approved)).toEqual(['CasePlanned', 'ApprovalRequested']);
    expect(refusal([{ kind: 'accept', itemId: 'fund', resourceId: 'd1' }], planned)).toMatch(
      /plan waits for a supervisor's approval before matching/,
    );
    const inForce = run([[{ kind: 'approve', step: 'plan', policy }, 'sup1']], planned);
    expect(typesOf(inForce, planned)).toEqual(['ApprovalGranted', 'TaskScheduled']);
    expect(inForce.state.tasks.at(-1)).toMatchObject({ kind: 'plan_review', status: 'open' });
    expect(run([{ kind: 'accept', itemId: 'fund', resourceId: 'd1' }], inForce).state.matches).toHaveLength(
      1,
    );
  });

  it('a low-risk assessment needs no approval under the standard policy; without a policy nothing is supervised', () => {
    const a = assigned();
    const low = run([{ ...highRisk, riskLevel: 'low' }], a);
    expect(low.state.approvals.assessment).toBeUndefined();
    const unsupervised = run(
      [
        { ...highRisk, policy: undefined },
        { ...plan, policy: undefined },
      ],
      a,
    );
    expect(unsupervised.state.approvals).toEqual({});
    expect(statusOf(unsupervised.state)).toBe('planned');
  });

  it('closes only when the closure is approved; a returned closure leaves the case open', () => {
    const a = run([highRisk, [{ kind: 'approve', step: 'assessment', policy }, 'sup1']], assigned());
    const submitted = run([{ kind: 'close', outcome: 'unreachable', policy }], a);
    expect(typesOf(submitted, a)).toEqual(['ApprovalRequested']);
    expect(submitted.state.closed).toBe(false);
    expect(submitted.state.approvals.closure).toMatchObject({ status: 'pending', outcome: 'unreachable' });
    const returned = run(
      [[{ kind: 'returnStep', step: 'closure', reasonCode: 'outcome_unsupported' }, 'sup1']],
      submitted,
    );
    expect(returned.state.closed).toBe(false);
    const closed = run(
      [
        { kind: 'addTask', title: '整理结案材料', dueAt: '2026-12-30T08:00:00.000Z' },
        { kind: 'close', outcome: 'unreachable', policy },
        [{ kind: 'approve', step: 'closure', policy }, 'sup1'],
      ],
      returned,
    );
    expect(closed.state.closed).toBe(true);
    expect(closed.state.outcome).toBe('unreachable');
    // The whole decision comes before CaseClosed (WatchCase ends there): the open plan review is cancelled.
    expect(typesOf(closed, returned).slice(-3)).toEqual(['ApprovalGranted', 'TaskCancelled', 'CaseClosed']);
    // Not resolved: no follow-up visit; every open task went with the case.
    expect(closed.state.tasks.filter((t) => t.status === 'open')).toEqual([]);
  });
});

describe('tasks and deadlines', () => {
  it('records a task overdue once, and never one done in time', () => {
    const a = assigned();
    const [contact, assessment] = a.state.tasks;
    const early = run([{ kind: 'taskDue', taskId: contact!.taskId }], a, new Date(t0.getTime() + HOUR));
    expect(typesOf(early, a)).toEqual([]);
    const late = new Date(t0.getTime() + 25 * HOUR);
    const overdue = run(
      [
        { kind: 'taskDue', taskId: contact!.taskId },
        { kind: 'taskDue', taskId: contact!.taskId },
      ],
      a,
      late,
    );
    expect(typesOf(overdue, a)).toEqual(['TaskOverdue']);
    // Done before its deadline (the assessment), the timer finds nothing to record.
    const done = run([{ kind: 'completeTask', taskId: assessment!.taskId }], overdue);
    const fired = run(
      [{ kind: 'taskDue', taskId: assessment!.taskId }],
      done,
      new Date(t0.getTime() + 8 * 24 * HOUR),
    );
    expect(typesOf(fired, done)).toEqual([]);
    expect(refusal([{ kind: 'completeTask', taskId: assessment!.taskId }], fired)).toMatch(/done already/);
  });

  it("a worker's own task, and the plan review that comes round again when done", () => {
    const a = run(
      [{ ...highRisk, riskLevel: 'low' }, { ...plan }, [{ kind: 'approve', step: 'plan', policy }, 'sup1']],
      assigned(),
    );
    const own = run([{ kind: 'addTask', title: '电话回访家属', dueAt: '2026-11-30T08:00:00.000Z' }], a);
    expect(own.state.tasks.at(-1)).toMatchObject({ kind: 'own', title: '电话回访家属', status: 'open' });
    const review = a.state.tasks.find((t) => t.kind === 'plan_review')!;
    const next = run([{ kind: 'completeTask', taskId: review.taskId, policy }], own);
    expect(typesOf(next, own)).toEqual(['TaskDone', 'TaskScheduled']);
    expect(next.state.tasks.at(-1)).toMatchObject({ kind: 'plan_review', status: 'open' });
  });
});

describe('transfer and escalation', () => {
  it('a transfer waits for the receiving worker; declined, the case stays with its worker', () => {
    const a = assigned();
    const offered = run([[{ kind: 'transfer', toWorkerId: 'w2', reason: '工作调整' }, 'street-admin']], a);
    expect(typesOf(offered, a)).toEqual(['TransferRequested']);
    expect(offered.state.workerId).toBe('w1');
    expect(refusal([[{ kind: 'answerTransfer', accepted: true }, 'w3']], offered)).toMatch(
      /offered to worker w2/,
    );
    const declined = run(
      [[{ kind: 'answerTransfer', accepted: false, reason: '个案量已满' }, 'w2']],
      offered,
    );
    expect(typesOf(declined, offered)).toEqual(['TransferDeclined']);
    expect([declined.state.workerId, declined.state.transfer, declined.state.workerRequest]).toEqual([
      'w1',
      null,
      null,
    ]);

    const accepted = run(
      [
        [{ kind: 'transfer', toWorkerId: 'w2', reason: '工作调整' }, 'street-admin'],
        [{ kind: 'answerTransfer', accepted: true }, 'w2'],
      ],
      declined,
    );
    expect(typesOf(accepted, declined)).toEqual(['TransferRequested', 'TransferAccepted', 'WorkerRequested']);
    expect(accepted.state.workerRequest).toMatchObject({ workerId: 'w2', reason: 'transfer' });
  });

  it('an escalation waits in its level until a supervisor takes it', () => {
    const a = run([[{ kind: 'escalate', reason: '需要街道协调' }, 'w1']], assigned());
    expect([a.state.escalationLevel, a.state.escalationOwner]).toEqual([1, null]);
    const taken = run([[{ kind: 'takeEscalation' }, 'sup1']], a);
    expect(taken.state.escalationOwner).toBe('sup1');
    expect(refusal([[{ kind: 'takeEscalation' }, 'sup2']], taken)).toMatch(/took the case already/);
    // Raised again: the district's queue, owned by nobody yet.
    const district = run([[{ kind: 'escalate', reason: '跨街道资源' }, 'sup1']], taken);
    expect([district.state.escalationLevel, district.state.escalationOwner]).toEqual([2, null]);
  });
});

describe("a district's case policy", () => {
  it('is versioned as events; setting what is in force changes nothing', () => {
    const s0 = policyDecider.initialState();
    const set = { kind: 'set' as const, districtCode: '110105', policy: STANDARD_POLICY, setBy: 'admin' };
    const [e] = policyDecider.decide(set, s0, { now: t0 });
    const s1 = policyDecider.evolve(s0, e!);
    expect(policyDecider.decide(set, s1, { now: t0 })).toEqual([]);
    const lax = {
      ...STANDARD_POLICY,
      approvals: { assessment: 'never' as const, plan: false, closure: false },
    };
    expect(policyDecider.decide({ ...set, policy: lax }, s1, { now: t0 })).toHaveLength(1);
  });
});
