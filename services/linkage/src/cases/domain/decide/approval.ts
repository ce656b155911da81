import { IllegalStateError } from '@fivesoc/service-kit';
import type { CommandOf, DecideContext } from '../commands.ts';
import type { CaseEvent } from '../events.ts';
import type { CaseState } from '../state.ts';
import { ESCALATION_LEVELS } from '../values.ts';
import { live, Decision, planInForce, closeNow } from './decision.ts';

type ApprovalCommand = CommandOf<'approve' | 'returnStep' | 'takeEscalation'>;

/** A supervisor's part: approving or returning a pending step, taking an escalated case. */
export function decideApproval(c: ApprovalCommand, s: CaseState, { now, actor }: DecideContext): CaseEvent[] {
  switch (c.kind) {
    case 'approve':
    case 'returnStep': {
      live(s);
      const a = s.approvals[c.step];
      if (!a || a.status !== 'pending')
        throw new IllegalStateError(`no ${c.step} of this case waits for approval`);
      if (actor === s.workerId)
        throw new IllegalStateError("a case's own worker does not approve its steps", {
          approvalId: a.approvalId,
        });
      const d = new Decision(s);
      if (c.kind === 'returnStep')
        return d.add({
          type: 'ApprovalReturned',
          payload: {
            approvalId: a.approvalId,
            step: c.step,
            reasonCode: c.reasonCode,
            by: actor,
            ...(c.note ? { note: c.note } : {}),
          },
        }).events;
      d.add({ type: 'ApprovalGranted', payload: { approvalId: a.approvalId, step: c.step, by: actor } });
      if (c.step === 'plan') planInForce(d, c.policy, now, actor);
      if (c.step === 'closure') closeNow(d, a.outcome ?? 'resolved', c.policy, now, actor);
      return d.events;
    }
    case 'takeEscalation': {
      live(s);
      if (s.escalationLevel === 0) throw new IllegalStateError('the case is not escalated');
      if (s.escalationOwner)
        throw new IllegalStateError(`supervisor ${s.escalationOwner} took the case already`);
      return [
        { type: 'EscalationTaken', payload: { level: ESCALATION_LEVELS[s.escalationLevel]!, by: actor } },
      ];
    }
    default: {
      const unreachable: never = c;
      return unreachable;
    }
  }
}
