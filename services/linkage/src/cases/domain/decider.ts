import type { Decider } from '@fivesoc/eventing';
import type { CaseCommand, CaseDeciderOptions, DecideContext } from './commands.ts';
import { decideApproval } from './decide/approval.ts';
import { decideAssignment } from './decide/assignment.ts';
import { decideCasework } from './decide/casework.ts';
import { decideMatching } from './decide/matching.ts';
import { decideTasks } from './decide/tasks.ts';
import type { CaseEvent } from './events.ts';
import { evolveCase, initialCaseState, type CaseState } from './state.ts';

export type { CaseCommand, CaseDeciderOptions } from './commands.ts';

/**
 * The case (个案) as a pure decider. Requests to the societies are recorded as intents (`WorkerRequested`,
 * `MatchRequested`) that the case saga carries out; their answers come back as commands. Each concern
 * decides in its own file (`decide/`); this only dispatches.
 */
export function caseDecider(opts: CaseDeciderOptions): Decider<CaseState, CaseCommand, CaseEvent> {
  const decide = (c: CaseCommand, s: CaseState, at: { now: Date; actor?: string }): CaseEvent[] => {
    const ctx: DecideContext = { now: at.now, actor: at.actor ?? 'unknown' };
    switch (c.kind) {
      case 'open':
      case 'assess':
      case 'plan':
      case 'review':
      case 'escalate':
      case 'close':
        return decideCasework(c, s, ctx);
      case 'proposeWorkers':
      case 'assignWorker':
      case 'transfer':
      case 'answerTransfer':
      case 'workerAnswered':
      case 'workerReleased':
        return decideAssignment(c, s, ctx);
      case 'approve':
      case 'returnStep':
      case 'takeEscalation':
        return decideApproval(c, s, ctx);
      case 'proposeCandidates':
      case 'accept':
      case 'reject':
      case 'answered':
      case 'expire':
      case 'released':
      case 'deliver':
        return decideMatching(c, s, ctx, opts);
      case 'addTask':
      case 'completeTask':
      case 'taskDue':
        return decideTasks(c, s, ctx);
      default: {
        const unreachable: never = c;
        return unreachable;
      }
    }
  };

  return { decide, evolve: evolveCase, initialState: initialCaseState };
}
