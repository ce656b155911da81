import { AlreadyExistsError, IllegalStateError, ValidationError } from '@fivesoc/service-kit';
import type { CommandOf, DecideContext } from '../commands.ts';
import type { CaseEvent } from '../events.ts';
import { needsApproval } from '../policy.ts';
import { isActive, itemDelivered, statusOf, type CaseState } from '../state.ts';
import { ESCALATION_LEVELS } from '../values.ts';
import {
  live,
  Decision,
  doneTasks,
  planInForce,
  closeNow,
  approvedOrUnsupervised,
  notPending,
} from './decision.ts';

type CaseworkCommand = CommandOf<'open' | 'assess' | 'plan' | 'review' | 'escalate' | 'close'>;

/**
 * The case's own steps: opened, assessed, planned, reviewed, escalated, closed (each step that a policy
 * supervises asks for an approval instead).
 */
export function decideCasework(c: CaseworkCommand, s: CaseState, { now, actor }: DecideContext): CaseEvent[] {
  switch (c.kind) {
    case 'open':
      if (s.exists) throw new AlreadyExistsError('case', s.caseId);
      return [
        {
          type: 'CaseOpened',
          payload: {
            caseId: c.caseId,
            needId: c.needId,
            place: c.place,
            category: c.category,
            urgency: c.urgency,
            openedBy: c.openedBy,
            openedAt: now.toISOString(),
          },
        },
      ];
    case 'assess': {
      live(s);
      if (!s.workerId) throw new IllegalStateError('assign a worker before the assessment');
      notPending(s, 'assessment');
      const d = new Decision(s).add({
        type: 'CaseAssessed',
        payload: { riskLevel: c.riskLevel, needsIdentified: c.needsIdentified, urgency: c.urgency },
      });
      doneTasks(d, ['first_contact', 'assessment'], actor);
      if (needsApproval(c.policy, 'assessment', c.riskLevel))
        d.add({
          type: 'ApprovalRequested',
          payload: {
            approvalId: d.next('a'),
            step: 'assessment',
            policyVersion: c.policy!.version,
            outcome: null,
          },
        });
      return d.events;
    }
    case 'plan': {
      live(s);
      if (!s.assessment) throw new IllegalStateError('assess the case before planning');
      approvedOrUnsupervised(s, 'assessment', 'planning');
      notPending(s, 'plan');
      const ids = c.items.map((i) => i.itemId);
      const dup = ids.find((x, i) => ids.indexOf(x) !== i);
      if (dup) throw new ValidationError('items.item_id', `${dup} appears twice`);
      for (const [n, item] of c.items.entries()) {
        const before = s.plan.find((i) => i.itemId === item.itemId);
        if (before && before.kind !== item.kind)
          throw new ValidationError(`items.${n}.kind`, `item ${item.itemId} was planned as ${before.kind}`);
      }
      const dropped = s.plan.filter((i) => !ids.includes(i.itemId)).map((i) => i.itemId);
      const withdrawals: CaseEvent[] = s.matches
        .filter((m) => dropped.includes(m.itemId) && isActive(m) && m.deliveries === 0)
        .map((m) => ({
          type: 'MatchWithdrawn',
          payload: { requestId: m.requestId, reason: 'plan item dropped' },
        }));
      const d = new Decision(s).add(
        { type: 'CasePlanned', payload: { items: c.items, droppedItemIds: dropped } },
        ...withdrawals,
      );
      if (needsApproval(c.policy, 'plan'))
        d.add({
          type: 'ApprovalRequested',
          payload: {
            approvalId: d.next('a'),
            step: 'plan',
            policyVersion: c.policy!.version,
            outcome: null,
          },
        });
      else planInForce(d, c.policy, now, actor);
      return d.events;
    }
    case 'review': {
      live(s);
      const status = statusOf(s);
      if (status !== 'under_review')
        throw new IllegalStateError(`the case is ${status}; it is reviewed once every item is delivered`);
      if (s.rating !== null) throw new IllegalStateError('the case has been reviewed');
      return [{ type: 'CaseReviewed', payload: { rating: c.rating } }];
    }
    case 'escalate': {
      live(s);
      const level = ESCALATION_LEVELS[s.escalationLevel + 1];
      if (!level) throw new IllegalStateError('the case is at the district level already');
      return [{ type: 'CaseEscalated', payload: { level, reason: c.reason } }];
    }
    case 'close': {
      live(s);
      if (c.outcome === 'resolved' && (s.rating === null || !s.plan.every((i) => itemDelivered(s, i))))
        throw new IllegalStateError(
          'a resolved case is delivered and reviewed first; close it with another outcome',
        );
      notPending(s, 'closure');
      const d = new Decision(s);
      if (needsApproval(c.policy, 'closure'))
        return d.add({
          type: 'ApprovalRequested',
          payload: {
            approvalId: d.next('a'),
            step: 'closure',
            policyVersion: c.policy!.version,
            outcome: c.outcome,
          },
        }).events;
      closeNow(d, c.outcome, c.policy, now, actor);
      return d.events;
    }
    default: {
      const unreachable: never = c;
      return unreachable;
    }
  }
}
