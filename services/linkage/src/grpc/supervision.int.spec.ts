import { status, type Metadata } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddTaskRequest,
  AnswerTransferRequest,
  ApproveStepRequest,
  AssessRequest,
  AssignWorkerRequest,
  CloseCaseRequest,
  EscalateCaseRequest,
  GetApprovalNoteRequest,
  GetCaseHistoryRequest,
  GetCasePolicyRequest,
  ListActionsRequest,
  OpenCaseRequest,
  PlanRequest,
  ProposeMatchesRequest,
  ReturnStepRequest,
  SetCasePolicyRequest,
  TakeEscalationRequest,
  TransferCaseRequest,
  type Action,
  type Case,
  type LinkageServiceClient,
} from '../gen/fivesoc/linkage/v1/linkage.ts';
import { STANDARD_POLICY } from '../cases/domain/policy.ts';
import { until } from '../testing/readModelFixture.ts';
import { A, A1, B, D, failureOf, startCaseFixture, type CaseFixture } from '../testing/caseFixture.ts';
import { policyMessage } from './caseMessages.ts';

// Supervision (督导), tasks and deadlines, transfers and the action inbox, over gRPC against linkage in
// process on the real broker and database, the district under the standard policy (the issue's default).

let f: CaseFixture;
let admin: Metadata;
let worker: Metadata;
let supA: Metadata;
let supB: Metadata;
let supD: Metadata;

const call =
  <Req, Res>(name: keyof LinkageServiceClient) =>
  (request: Req, md: Metadata): Promise<Res> =>
    new Promise((resolve, reject) =>
      (
        f.client[name] as (r: Req, m: Metadata, o: object, cb: (e: Error | null, r: Res) => void) => void
      ).call(f.client, request, md, { deadline: Date.now() + 20_000 }, (err, res) =>
        err ? reject(err) : resolve(res),
      ),
    );
const rpc = {
  approveStep: call<ApproveStepRequest, { case: Case }>('approveStep'),
  returnStep: call<ReturnStepRequest, { case: Case }>('returnStep'),
  getApprovalNote: call<GetApprovalNoteRequest, { note: string; reasonCode: string; decidedBy: string }>(
    'getApprovalNote',
  ),
  answerTransfer: call<AnswerTransferRequest, { case: Case }>('answerTransfer'),
  takeEscalation: call<TakeEscalationRequest, { case: Case }>('takeEscalation'),
  addTask: call<AddTaskRequest, { case: Case }>('addTask'),
  listActions: call<ListActionsRequest, { actions: Action[]; counts: { kind: string; count: number }[] }>(
    'listActions',
  ),
  getCasePolicy: call<GetCasePolicyRequest, { version: number }>('getCasePolicy'),
  setCasePolicy: call<SetCasePolicyRequest, { version: number }>('setCasePolicy'),
};

async function assignedCase(needId: string): Promise<string> {
  const caseId = (await f.rpc.openCase(OpenCaseRequest.create({ needId }), admin)).case!.caseId;
  await f.rpc.assignWorker(AssignWorkerRequest.create({ caseId, workerId: 'w5' }), admin);
  await f.workerAccepts(caseId);
  return caseId;
}
/** The call fails with this code and a message matching `pattern`. */
async function refused(p: Promise<unknown>, code: status, pattern: RegExp): Promise<void> {
  const e = await failureOf(p);
  expect(e.code).toBe(code);
  expect(e.details).toMatch(pattern);
}
const approvalOf = (c: Case, step: string) => c.approvals.find((a) => a.step === step);
const actionsOf = async (md: Metadata, caseId: string) =>
  (await rpc.listActions(ListActionsRequest.create({}), md)).actions.filter((a) => a.caseId === caseId);

beforeAll(async () => {
  f = await startCaseFixture(
    [
      { id: 'h1', community: A1 },
      { id: 'h2', community: A1 },
      { id: 'h3', community: A1 },
      { id: 'h4', community: A1 },
      { id: 'h5', community: A1 },
    ],
    { policy: STANDARD_POLICY },
  );
  admin = await f.token(['district_admin'], undefined, 'admin-1');
  worker = await f.token(['social_worker'], { level: 'street', code: A }, 'w5');
  supA = await f.token(['supervisor'], { level: 'street', code: A }, 'sup-a');
  supB = await f.token(['supervisor'], { level: 'street', code: B }, 'sup-b');
  supD = await f.token(['supervisor'], { level: 'district', code: D }, 'sup-d');
}, 120_000);
afterAll(async () => {
  await f?.close();
});

describe('supervision of a high-risk case', () => {
  it('holds the plan until the assessment is approved, returned first with a reason; the closure likewise', async () => {
    const caseId = await assignedCase('h1');
    const assess = AssessRequest.create({
      caseId,
      riskLevel: 'high',
      needsIdentified: ['elder_care'],
      urgency: 'high',
    });
    let c = (await f.rpc.assess(assess, worker)).case!;
    expect(approvalOf(c, 'assessment')).toMatchObject({ status: 'pending' });
    const plan = PlanRequest.create({
      caseId,
      items: [
        {
          itemId: 'fund',
          kind: 'RESOURCE_KIND_DONATION',
          description: '',
          requirement: 'fen',
          quantity: 100,
        },
      ],
    });
    await refused(
      f.rpc.plan(plan, worker),
      status.FAILED_PRECONDITION,
      /waits for a supervisor's approval before planning/,
    );
    // Only a supervisor of the case's place approves: not its worker, not another street's supervisor.
    const approve = ApproveStepRequest.create({ caseId, step: 'assessment' });
    expect(await failureOf(rpc.approveStep(approve, worker))).toMatchObject({
      code: status.PERMISSION_DENIED,
    });
    expect(await failureOf(rpc.approveStep(approve, supB))).toMatchObject({ code: status.PERMISSION_DENIED });
    await until("the submission in the street supervisor's queue", async () =>
      (await actionsOf(supA, caseId)).some(
        (a) => a.kind === 'approval_waiting' && a.subject === 'assessment',
      ),
    );
    expect(await actionsOf(supB, caseId)).toEqual([]);

    const note = '老人独居，需先与其女儿电话确认风险';
    c = (
      await rpc.returnStep(
        ReturnStepRequest.create({ caseId, step: 'assessment', reasonCode: 'risk_misjudged', note }),
        supA,
      )
    ).case;
    expect(JSON.stringify(c)).not.toContain(note);
    expect(approvalOf(c, 'assessment')?.hasNote).toBe(true);
    // Sealed in the event; opened for a reader of the case, and the reading recorded.
    expect(JSON.stringify(await f.store.readStream(`case-${caseId}`))).not.toContain(note);
    const approvalId = approvalOf(c, 'assessment')!.approvalId;
    const read = await rpc.getApprovalNote(GetApprovalNoteRequest.create({ caseId, approvalId }), worker);
    expect(read).toMatchObject({ note, reasonCode: 'risk_misjudged', decidedBy: 'sup-a' });
    expect(
      await f.db
        .collection('personal_data_access')
        .find({ personId: `case-${caseId}` })
        .toArray(),
    ).toEqual([
      expect.objectContaining({ reader: 'w5', command: 'LinkageService/GetApprovalNote', districtCode: D }),
    ]);
    expect(
      await failureOf(rpc.getApprovalNote(GetApprovalNoteRequest.create({ caseId, approvalId }), supB)),
    ).toMatchObject({ code: status.PERMISSION_DENIED });
    expect(approvalOf(c, 'assessment')).toMatchObject({
      status: 'returned',
      reasonCode: 'risk_misjudged',
      decidedBy: 'sup-a',
    });
    await refused(
      f.rpc.plan(plan, worker),
      status.FAILED_PRECONDITION,
      /returned by the supervisor \(risk_misjudged\)/,
    );
    await until("the return in the worker's inbox", async () =>
      (await actionsOf(worker, caseId)).some(
        (a) => a.kind === 'approval_returned' && a.detail === 'risk_misjudged',
      ),
    );

    // Resubmitted, approved; the plan is supervised too, and matching waits for it.
    await f.rpc.assess({ ...assess, riskLevel: 'critical' }, worker);
    await rpc.approveStep(approve, supA);
    c = (await f.rpc.plan(plan, worker)).case!;
    expect(approvalOf(c, 'plan')).toMatchObject({ status: 'pending' });
    expect(
      await failureOf(f.rpc.proposeMatches(ProposeMatchesRequest.create({ caseId }), worker)),
    ).toMatchObject({
      code: status.FAILED_PRECONDITION,
    });
    c = (await rpc.approveStep(ApproveStepRequest.create({ caseId, step: 'plan' }), supD)).case;
    expect(approvalOf(c, 'plan')).toMatchObject({ status: 'approved', decidedBy: 'sup-d' });
    expect(c.tasks.filter((t) => t.kind === 'plan_review' && t.status === 'open')).toHaveLength(1);
    expect((await f.rpc.proposeMatches(ProposeMatchesRequest.create({ caseId }), worker)).case).toBeDefined();

    // The closure: submitted (not closed), returned, submitted again, approved: closed.
    const close = CloseCaseRequest.create({ caseId, outcome: 'unreachable' });
    c = (await f.rpc.closeCase(close, worker)).case!;
    expect([c.status, approvalOf(c, 'closure')?.status]).toEqual(['CASE_STATUS_PLANNED', 'pending']);
    await rpc.returnStep(
      ReturnStepRequest.create({ caseId, step: 'closure', reasonCode: 'outcome_unsupported' }),
      supA,
    );
    c = (await f.rpc.getCase({ caseId }, worker)).case!;
    expect(c.status).not.toBe('CASE_STATUS_CLOSED');
    await f.rpc.closeCase(close, worker);
    c = (await rpc.approveStep(ApproveStepRequest.create({ caseId, step: 'closure' }), supA)).case;
    expect([c.status, c.outcome]).toEqual(['CASE_STATUS_CLOSED', 'unreachable']);

    // The history names who submitted, returned and approved each step.
    const history = (
      await f.rpc.getCaseHistory(GetCaseHistoryRequest.create({ caseId, pageSize: 200 }), admin)
    ).entries;
    const who = history
      .filter((e) => e.type.startsWith('Approval'))
      .map((e) => `${e.type}:${e.actor}:${e.roles.join(',')}`);
    expect(who).toEqual([
      'ApprovalRequested:w5:social_worker',
      'ApprovalReturned:sup-a:supervisor',
      'ApprovalRequested:w5:social_worker',
      'ApprovalGranted:sup-a:supervisor',
      'ApprovalRequested:w5:social_worker',
      'ApprovalGranted:sup-d:supervisor',
      'ApprovalRequested:w5:social_worker',
      'ApprovalReturned:sup-a:supervisor',
      'ApprovalRequested:w5:social_worker',
      'ApprovalGranted:sup-a:supervisor',
    ]);

    // The need's story is erased in community: the supervisor's note on its case goes with it.
    await f.produce([
      {
        society: 'community',
        event: {
          id: '00000000-0000-4000-b000-000000000001',
          streamId: 'need-h1',
          streamVersion: 2,
          type: 'PersonalDataErased',
          schemaVersion: 1,
          occurredAt: new Date().toISOString(),
          payload: { personId: 'need-h1', needId: 'h1' },
          metadata: { correlationId: 'erase-h1' },
        },
      },
    ]);
    await until('the note erased with the need', async () =>
      rpc.getApprovalNote(GetApprovalNoteRequest.create({ caseId, approvalId }), worker).then(
        () => false,
        (err: { code: status }) => err.code === status.NOT_FOUND,
      ),
    );
  }, 120_000);

  it("reads and sets the district's policy, versioned; only the district's admin sets it", async () => {
    const r = await rpc.getCasePolicy(GetCasePolicyRequest.create({}), supA);
    expect(r.version).toBeGreaterThan(0);
    const set = SetCasePolicyRequest.create({ districtCode: D, policy: policyMessage(STANDARD_POLICY) });
    expect(await failureOf(rpc.setCasePolicy(set, supD))).toMatchObject({ code: status.PERMISSION_DENIED });
    // The policy in force already: no new version.
    expect((await rpc.setCasePolicy(set, admin)).version).toBe(r.version);
    const bad = { ...set, policy: { ...set.policy!, tasks: { ...set.policy!.tasks!, planReviewDays: 400 } } };
    await refused(
      rpc.setCasePolicy(bad, admin),
      status.INVALID_ARGUMENT,
      /^policy\.tasks\.plan_review_days:/,
    );
  });
});

describe('tasks and deadlines on the saga timers', () => {
  it('a task that comes due while linkage is down is recorded overdue after the restart, once, and shows in the inbox once', async () => {
    const caseId = await assignedCase('h2');
    const dueAt = new Date(Date.now() + 3_000);
    const c = (await rpc.addTask(AddTaskRequest.create({ caseId, title: '电话联系家属', dueAt }), worker))
      .case;
    const task = c.tasks.at(-1)!;
    expect(task).toMatchObject({ kind: 'own', status: 'open', overdue: false });
    // The saga sets the task's timer from its TaskScheduled; then linkage is down past the due time.
    await new Promise((r) => setTimeout(r, 500));
    await f.stop();
    const overdueEvents = async () =>
      (await f.store.readStream(`case-${caseId}`)).filter((e) => e.type === 'TaskOverdue').length;
    await new Promise((r) => setTimeout(r, Math.max(0, dueAt.getTime() - Date.now()) + 1_000));
    expect(await overdueEvents()).toBe(0); // due, but nobody was there to record it
    await f.start();
    await until(
      'the task recorded overdue after the restart',
      async () => (await overdueEvents()) === 1,
      60_000,
    );
    await until("the overdue task in the worker's inbox", async () =>
      (await actionsOf(worker, caseId)).some((a) => a.kind === 'task_overdue'),
    );
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await overdueEvents()).toBe(1);
    const mine = (await actionsOf(worker, caseId)).filter((a) => a.subject === task.taskId);
    expect(mine.map((a) => a.kind)).toEqual(['task_overdue']);
    // The street's supervisor sees the case as overdue.
    expect((await actionsOf(supA, caseId)).map((a) => a.kind)).toContain('case_overdue');
  }, 120_000);
});

describe('transfer and escalation name an owner', () => {
  it("a transfer declined leaves the case with its worker; an escalation to the street is in that street supervisor's queue only", async () => {
    const caseId = await assignedCase('h3');
    const street = await f.token(['street_admin'], { level: 'street', code: A }, 'street-a');
    let c = (
      await f.rpc.transferCase(
        TransferCaseRequest.create({ caseId, toWorkerId: 'w4', reason: '工作站调整' }),
        street,
      )
    ).case!;
    expect([c.workerId, c.transferToWorkerId]).toEqual(['w5', 'w4']);
    const w4 = await f.token(['social_worker'], { level: 'street', code: B }, 'w4');
    const w1 = await f.token(['social_worker'], { level: 'street', code: A }, 'w1');
    await until("the offer in the receiving worker's inbox", async () =>
      (await actionsOf(w4, caseId)).some((a) => a.kind === 'transfer_offered'),
    );
    expect(
      await failureOf(rpc.answerTransfer(AnswerTransferRequest.create({ caseId, accept: true }), w1)),
    ).toMatchObject({ code: status.PERMISSION_DENIED });
    await refused(
      rpc.answerTransfer(AnswerTransferRequest.create({ caseId, accept: false }), w4),
      status.INVALID_ARGUMENT,
      /^reason:/,
    );
    c = (
      await rpc.answerTransfer(
        AnswerTransferRequest.create({ caseId, accept: false, reason: '个案量已满' }),
        w4,
      )
    ).case;
    expect([c.workerId, c.transferToWorkerId, c.pendingWorkerId]).toEqual(['w5', '', '']);
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await f.rpc.getCase({ caseId }, admin)).case!.workerId).toBe('w5');

    c = (await f.rpc.escalateCase(EscalateCaseRequest.create({ caseId, reason: '需要街道协调' }), worker))
      .case!;
    expect([c.escalationLevel, c.escalationOwner]).toEqual([1, '']);
    await until("the escalation in street A's supervisor queue", async () =>
      (await actionsOf(supA, caseId)).some((a) => a.kind === 'escalation_waiting'),
    );
    for (const other of [supB, supD, worker, w4])
      expect((await actionsOf(other, caseId)).filter((a) => a.kind === 'escalation_waiting')).toEqual([]);
    expect(await failureOf(rpc.takeEscalation(TakeEscalationRequest.create({ caseId }), supD))).toMatchObject(
      {
        code: status.FAILED_PRECONDITION,
      },
    );
    c = (await rpc.takeEscalation(TakeEscalationRequest.create({ caseId }), supA)).case;
    expect(c.escalationOwner).toBe('sup-a');
    await until('the escalation out of the queue once taken', async () =>
      (await actionsOf(supA, caseId)).every((a) => a.kind !== 'escalation_waiting'),
    );
  }, 120_000);
});

describe('the live inbox (WatchActions)', () => {
  it("sends the worker's inbox at once, then each change made meanwhile without being asked again", async () => {
    const sent: Action[][] = [];
    const stream = f.client.watchActions(ListActionsRequest.create({}), worker, {
      deadline: Date.now() + 120_000,
    });
    stream.on('data', (r: { actions: Action[] }) => sent.push(r.actions));
    stream.on('error', () => undefined);
    try {
      await until('the inbox as it is', async () => sent.length >= 1);
      const has = (caseId: string) => (actions: Action[]) =>
        actions.some((a) => a.caseId === caseId && a.kind === 'case_assigned');
      // Two cases assigned one after the other: a burst of appends, each arriving on the open stream.
      const first = await assignedCase('h4');
      await until('the first new case on the stream', async () => sent.some(has(first)));
      const second = await assignedCase('h5');
      await until('the second new case on the stream', async () => sent.some(has(second)));
      // An answer is sent only when the inbox changed: no two consecutive answers are the same.
      for (let i = 1; i < sent.length; i++) expect(sent[i]).not.toEqual(sent[i - 1]);
      // Assessing the first case takes it off the new-case list, live as well.
      await f.rpc.assess(
        AssessRequest.create({
          caseId: first,
          riskLevel: 'low',
          needsIdentified: ['elder_care'],
          urgency: 'low',
        }),
        worker,
      );
      await until('the assessed case off the stream', async () => {
        const latest = sent.at(-1)!;
        return !has(first)(latest) && has(second)(latest);
      });
    } finally {
      stream.cancel();
    }
  });
});
