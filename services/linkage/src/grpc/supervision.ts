import {
  ForbiddenError,
  IllegalStateError,
  NotFoundError,
  inScope,
  type PersonalDataVault,
  type Principal,
} from '@fivesoc/service-kit';
import { noteKeyOf } from '../cases/domain/values.ts';
import type {
  AddTaskResponse,
  AnswerTransferResponse,
  GetApprovalNoteResponse,
  GetCasePolicyResponse,
  SetCasePolicyResponse,
} from '../gen/fivesoc/linkage/v1/linkage.ts';
import { ESCALATION_LEVELS } from '../cases/domain/values.ts';
import type { CaseState } from '../cases/domain/state.ts';
import { caseMessage, policyMessage } from './caseMessages.ts';
import { runCommand, visibleCase, type CaseRpcDeps } from './caseCommands.ts';
import {
  addTaskRequest,
  answerTransferRequest,
  approveStepRequest,
  completeTaskRequest,
  getApprovalNoteRequest,
  getCasePolicyRequest,
  parseRequest,
  returnStepRequest,
  setCasePolicyRequest,
  takeEscalationRequest,
} from './caseRequests.ts';

/** The district a caller acts in (the first six digits of any scope code). */
const districtOf = (p: Principal): string => p.scope.code.slice(0, 6);

/**
 * A supervisor acts on the cases of their place, and on an escalation only at their own level: a street's
 * supervisor takes what was escalated to the street, the district's what was escalated to the district.
 */
function assertSupervises(p: Principal, s: CaseState, what: string): void {
  if (!inScope(p, s.place))
    throw new ForbiddenError(`case ${s.caseId} is outside your ${p.scope.level} scope: ${what}`);
}

/** Supervision (督导), the case policy, tasks and transfers. */
export function supervisionRpcs({ app, vault }: CaseRpcDeps & { vault: PersonalDataVault }) {
  return {
    getCasePolicy: async (req: unknown, p: Principal): Promise<GetCasePolicyResponse> => {
      const q = parseRequest(getCasePolicyRequest, req);
      const districtCode = q.districtCode ?? districtOf(p);
      if (!inScope(p, { districtCode }) && districtOf(p) !== districtCode)
        throw new ForbiddenError(`district ${districtCode} is not yours`);
      const r = await app.policyOf(districtCode);
      return { districtCode, policy: policyMessage(r.policy), version: r.version };
    },

    setCasePolicy: async (req: unknown, p: Principal): Promise<SetCasePolicyResponse> => {
      const q = parseRequest(setCasePolicyRequest, req);
      if (p.scope.level !== 'district' || !inScope(p, { districtCode: q.districtCode }))
        throw new ForbiddenError(`only an admin of district ${q.districtCode} sets its case policy`);
      const r = await app.setPolicy(q.districtCode, q.policy, {
        actor: p.subject,
        roles: p.roles.join(','),
        ...(q.expectedVersion !== undefined ? { expectedVersion: q.expectedVersion } : {}),
      });
      return { districtCode: q.districtCode, policy: policyMessage(r.policy), version: r.version };
    },

    approveStep: async (req: unknown, p: Principal) => {
      const q = parseRequest(approveStepRequest, req);
      return runCommand(
        app,
        p,
        q,
        (policy) => ({ kind: 'approve', step: q.step, policy }),
        (state) => assertSupervises(p, state, 'its steps are approved by its own supervisors'),
      );
    },

    returnStep: async (req: unknown, p: Principal) => {
      const q = parseRequest(returnStepRequest, req);
      const { state } = await visibleCase(app, q.caseId, p);
      assertSupervises(p, state, 'its steps are returned by its own supervisors');
      // The note is sealed with the case's own key before it reaches the event (erased with the need's story).
      const note = q.note ? await vault.seal(noteKeyOf(q.caseId), q.note) : undefined;
      return runCommand(app, p, q, {
        kind: 'returnStep',
        step: q.step,
        reasonCode: q.reasonCode,
        ...(note ? { note } : {}),
      });
    },

    /** A return's note, opened for a reader of the case; the reading is recorded (PersonalDataViewed). */
    getApprovalNote: async (req: unknown, p: Principal): Promise<GetApprovalNoteResponse> => {
      const q = parseRequest(getApprovalNoteRequest, req);
      const { state } = await visibleCase(app, q.caseId, p);
      const a = Object.values(state.approvals).find((x) => x.approvalId === q.approvalId);
      if (!a?.note) throw new NotFoundError('approval note', q.approvalId);
      const note = await vault.openFor<string>(a.note, {
        req: { principal: p, command: 'LinkageService/GetApprovalNote' },
        record: `case ${state.caseId} approval ${a.approvalId}`,
        place: state.place,
      });
      if (note === null) throw new NotFoundError('approval note (erased)', q.approvalId);
      return {
        approvalId: a.approvalId,
        step: a.step,
        reasonCode: a.reasonCode ?? '',
        decidedBy: a.by ?? '',
        note,
      };
    },

    takeEscalation: async (req: unknown, p: Principal) => {
      const q = parseRequest(takeEscalationRequest, req);
      return runCommand(app, p, q, { kind: 'takeEscalation' }, (state) => {
        assertSupervises(p, state, 'an escalation is taken in its own place');
        const level = ESCALATION_LEVELS[state.escalationLevel];
        if (state.escalationLevel > 0 && level !== p.scope.level)
          throw new IllegalStateError(
            `the case is escalated to the ${level ?? '?'}, not to your ${p.scope.level}`,
          );
      });
    },

    /** Only the worker the transfer is offered to answers it, wherever their scope is. */
    answerTransfer: async (req: unknown, p: Principal): Promise<AnswerTransferResponse> => {
      const q = parseRequest(answerTransferRequest, req);
      const { state } = await visibleCase(app, q.caseId, p);
      if (state.transfer?.toWorkerId !== p.subject)
        throw new ForbiddenError(`no transfer of case ${q.caseId} is offered to you`);
      const r = await app.execute(
        q.caseId,
        { kind: 'answerTransfer', accepted: q.accept, ...(q.reason ? { reason: q.reason } : {}) },
        { actor: p.subject, roles: p.roles.join(',') },
      );
      return { case: caseMessage(r.state, r.version) };
    },

    addTask: async (req: unknown, p: Principal): Promise<AddTaskResponse> => {
      const q = parseRequest(addTaskRequest, req);
      return runCommand(app, p, q, { kind: 'addTask', title: q.title, dueAt: q.dueAt });
    },

    completeTask: async (req: unknown, p: Principal) => {
      const q = parseRequest(completeTaskRequest, req);
      return runCommand(app, p, q, (policy) => ({ kind: 'completeTask', taskId: q.taskId, policy }));
    },
  };
}
