import { IllegalStateError, ValidationError } from '@fivesoc/service-kit';
import type { CommandOf, DecideContext } from '../commands.ts';
import type { CaseEvent } from '../events.ts';
import { firstContactHours } from '../policy.ts';
import { evolveCase, type CaseState } from '../state.ts';
import { requestIdOf, opened, live, Decision, inDays, inHours, schedule } from './decision.ts';

type AssignmentCommand = CommandOf<
  'proposeWorkers' | 'assignWorker' | 'transfer' | 'answerTransfer' | 'workerAnswered' | 'workerReleased'
>;

function nextWorker(s: CaseState, reason: 'assign' | 'next_candidate'): CaseEvent[] {
  if (s.closed || s.workerId || s.workerRequest) return [];
  const next = s.workerCandidates.find((w) => !s.workersTried.includes(w));
  if (!next) return [];
  return [{ type: 'WorkerRequested', payload: { requestId: requestIdOf(s, 'w'), workerId: next, reason } }];
}

/** Who works the case: proposed and assigned workers, their answers, transfers between workers. */
export function decideAssignment(
  c: AssignmentCommand,
  s: CaseState,
  { now, actor }: DecideContext,
): CaseEvent[] {
  switch (c.kind) {
    case 'proposeWorkers': {
      live(s);
      if (s.workerId || s.workerRequest) return [];
      const proposed: CaseEvent = { type: 'WorkerCandidatesProposed', payload: { workerIds: c.workerIds } };
      return [proposed, ...nextWorker(evolveCase(s, proposed), 'assign')];
    }
    case 'assignWorker':
    case 'transfer': {
      live(s);
      const workerId = c.kind === 'assignWorker' ? c.workerId : c.toWorkerId;
      if (s.workerRequest)
        throw new IllegalStateError(`worker ${s.workerRequest.workerId} has not answered yet`, {
          requestId: s.workerRequest.requestId,
        });
      if (s.transfer)
        throw new IllegalStateError(
          `the case is offered to worker ${s.transfer.toWorkerId}, who has not answered`,
          {
            transferId: s.transfer.transferId,
          },
        );
      if (c.kind === 'transfer' && !s.workerId)
        throw new IllegalStateError('the case has no worker to transfer from; assign one');
      if (s.workerId === workerId) {
        if (c.kind === 'transfer') throw new ValidationError('to_worker_id', 'is the case worker already');
        return [];
      }
      // A transfer is an offer: the receiving worker accepts it (then the social-worker service is asked).
      if (c.kind === 'transfer') {
        const d = new Decision(s);
        return d.add({
          type: 'TransferRequested',
          payload: { transferId: d.next('x'), toWorkerId: workerId, reason: c.reason, by: actor },
        }).events;
      }
      return [
        {
          type: 'WorkerRequested',
          payload: { requestId: requestIdOf(s, 'w'), workerId, reason: s.workerId ? 'transfer' : 'assign' },
        },
      ];
    }
    case 'answerTransfer': {
      live(s);
      const x = s.transfer;
      if (!x) throw new IllegalStateError('no transfer of this case waits for an answer');
      if (actor !== x.toWorkerId)
        throw new IllegalStateError(`the transfer is offered to worker ${x.toWorkerId}, not to you`);
      if (!c.accepted)
        return [
          {
            type: 'TransferDeclined',
            payload: { transferId: x.transferId, toWorkerId: x.toWorkerId, reason: c.reason ?? 'declined' },
          },
        ];
      if (s.workerRequest)
        throw new IllegalStateError(`worker ${s.workerRequest.workerId} has not answered yet`, {
          requestId: s.workerRequest.requestId,
        });
      return new Decision(s).add(
        { type: 'TransferAccepted', payload: { transferId: x.transferId, toWorkerId: x.toWorkerId } },
        {
          type: 'WorkerRequested',
          payload: {
            requestId: requestIdOf(s, 'w'),
            workerId: x.toWorkerId,
            reason: 'transfer',
            note: x.reason,
          },
        },
      ).events;
    }
    case 'workerAnswered': {
      opened(s);
      const req = s.workerRequest;
      if (!req || req.requestId !== c.requestId) return []; // answered before: a redelivery
      if (c.accepted) {
        const first =
          s.workerId === null && !s.assessment && !s.tasks.some((t) => t.kind === 'first_contact');
        const d = new Decision(s).add({
          type: 'WorkerAssigned',
          payload: { requestId: req.requestId, workerId: req.workerId, previousWorkerId: s.workerId },
        });
        if (first && c.policy) {
          const rules = c.policy.policy.tasks;
          schedule(d, 'first_contact', inHours(now, firstContactHours(c.policy.policy, s.urgency)), actor);
          if (rules.assessmentDays > 0) schedule(d, 'assessment', inDays(now, rules.assessmentDays), actor);
        }
        return d.events;
      }
      const refused: CaseEvent = {
        type: 'WorkerRefused',
        payload: { requestId: req.requestId, workerId: req.workerId, reason: c.reason ?? 'refused' },
      };
      return [refused, ...nextWorker(evolveCase(s, refused), 'next_candidate')];
    }
    case 'workerReleased':
      opened(s);
      return s.workersToRelease.includes(c.workerId)
        ? [{ type: 'WorkerReleased', payload: { workerId: c.workerId } }]
        : [];
    default: {
      const unreachable: never = c;
      return unreachable;
    }
  }
}
