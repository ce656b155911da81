import type { TFunction } from 'i18next';
import type { CaseEvent } from '../../api/linkageTypes.ts';
import { formatDateTime, formatFen, formatNumber, type Lang } from '../../format.ts';

type T = TFunction;

/** Who did it, as far as the event says: a worker, a society, the resident (review) or linkage itself. */
export interface Sentence {
  who: string;
  when: string;
  what: string;
}

const kindKey = (k: unknown) =>
  typeof k === 'string'
    ? `resourceKind.RESOURCE_KIND_${k.toUpperCase()}`
    : 'resourceKind.RESOURCE_KIND_VOLUNTEER';

/** One event of the case as a sentence in the page's language; never its JSON. */
export function describeEvent(e: CaseEvent, t: T, lang: Lang): Sentence {
  let p: Record<string, unknown> = {};
  try {
    p = JSON.parse(e.payloadJson || '{}') as Record<string, unknown>;
  } catch {
    p = {};
  }
  const when = formatDateTime(e.occurredAt, lang);
  const s = (k: string) => (typeof p[k] === 'string' ? p[k] : '');
  const n = (k: string) => (typeof p[k] === 'number' ? p[k] : 0);
  const system = t('timeline.system');
  const amount = (q: number, kind?: unknown) =>
    kind === 'donation' ? formatFen(q, lang) : formatNumber(q, lang);
  switch (e.type) {
    case 'CaseOpened': {
      const by = s('openedBy');
      return {
        who: by === 'auto' || !by ? system : by,
        when,
        what: t('event.CaseOpened', {
          category: t(`category.${s('category')}`, { defaultValue: s('category') }),
          urgency: t(`urgency.${s('urgency')}`, { defaultValue: s('urgency') }),
          need: s('needId'),
        }),
      };
    }
    case 'WorkerCandidatesProposed':
      return {
        who: system,
        when,
        what: t('event.WorkerCandidatesProposed', {
          count: Array.isArray(p.workerIds) ? p.workerIds.length : 0,
          workers: Array.isArray(p.workerIds) ? (p.workerIds as string[]).join(', ') : '',
        }),
      };
    case 'WorkerRequested':
      return {
        who: system,
        when,
        what: t('event.WorkerRequested', {
          worker: s('workerId'),
          reason: t(`workerReason.${s('reason')}`, { defaultValue: s('reason') }),
        }),
      };
    case 'WorkerAssigned':
      return { who: s('workerId'), when, what: t('event.WorkerAssigned', { worker: s('workerId') }) };
    case 'WorkerRefused':
      return {
        who: s('workerId'),
        when,
        what: t('event.WorkerRefused', { worker: s('workerId'), reason: s('reason') }),
      };
    case 'WorkerReleased':
      return { who: system, when, what: t('event.WorkerReleased', { worker: s('workerId') }) };
    case 'CaseAssessed':
      return {
        who: t('timeline.worker'),
        when,
        what: t('event.CaseAssessed', {
          risk: t(`risk.${s('riskLevel')}`, { defaultValue: s('riskLevel') }),
          urgency: t(`urgency.${s('urgency')}`, { defaultValue: s('urgency') }),
          needs: Array.isArray(p.needsIdentified) ? (p.needsIdentified as string[]).join('、') : '',
        }),
      };
    case 'CasePlanned':
      return {
        who: t('timeline.worker'),
        when,
        what: t('event.CasePlanned', {
          count: Array.isArray(p.items) ? p.items.length : 0,
          items: Array.isArray(p.items)
            ? (p.items as { description?: string; itemId: string }[])
                .map((i) => i.description || i.itemId)
                .join('、')
            : '',
          dropped: Array.isArray(p.droppedItemIds) ? p.droppedItemIds.length : 0,
        }),
      };
    case 'CandidatesProposed':
      return {
        who: system,
        when,
        what: t('event.CandidatesProposed', {
          item: s('itemId'),
          count: Array.isArray(p.candidates) ? p.candidates.length : 0,
        }),
      };
    case 'CandidatesExhausted':
      return { who: system, when, what: t('event.CandidatesExhausted', { item: s('itemId') }) };
    case 'MatchRequested':
      return {
        who: system,
        when,
        what: t('event.MatchRequested', {
          kind: t(kindKey(p.kind)),
          resource: s('resourceId'),
          item: s('itemId'),
          quantity: amount(n('quantity'), p.kind),
          attempt: n('attempt'),
          deadline: formatDateTime(s('deadline'), lang),
        }),
      };
    case 'MatchHeld':
      return { who: t('timeline.society'), when, what: t('event.MatchHeld', { request: s('requestId') }) };
    case 'MatchConfirmed':
      return {
        who: t('timeline.society'),
        when,
        what: t('event.MatchConfirmed', { request: s('requestId') }),
      };
    case 'MatchRefused':
      return {
        who: t('timeline.society'),
        when,
        what: t('event.MatchRefused', { request: s('requestId'), reason: s('reason') }),
      };
    case 'MatchExpired':
      return { who: system, when, what: t('event.MatchExpired', { request: s('requestId') }) };
    case 'MatchWithdrawn':
      return {
        who: t('timeline.worker'),
        when,
        what: t('event.MatchWithdrawn', { request: s('requestId'), reason: s('reason') }),
      };
    case 'MatchReleased':
      return {
        who: system,
        when,
        what: t(s('outcome') === 'released' ? 'event.MatchReleased' : 'event.MatchReleasedNothing', {
          request: s('requestId'),
        }),
      };
    case 'DeliveryRecorded':
      return {
        who: t(`deliverySource.${s('source')}`, { defaultValue: s('source') }),
        when,
        what: t('event.DeliveryRecorded', {
          request: s('requestId'),
          quantity: formatNumber(n('quantity'), lang),
          at: formatDateTime(s('deliveredAt'), lang),
        }),
      };
    case 'CaseReviewed':
      return { who: t('timeline.resident'), when, what: t('event.CaseReviewed', { rating: n('rating') }) };
    case 'CaseEscalated':
      return {
        who: t('timeline.worker'),
        when,
        what: t('event.CaseEscalated', {
          level: t(`escalation.${s('level')}`, { defaultValue: s('level') }),
          reason: s('reason'),
        }),
      };
    case 'ApprovalRequested':
      return {
        who: t('timeline.worker'),
        when,
        what: t('event.ApprovalRequested', {
          step: t(`approvalStep.${s('step')}`, { defaultValue: s('step') }),
        }),
      };
    case 'ApprovalGranted':
      return {
        who: s('by'),
        when,
        what: t('event.ApprovalGranted', {
          by: s('by'),
          step: t(`approvalStep.${s('step')}`, { defaultValue: s('step') }),
        }),
      };
    case 'ApprovalReturned':
      return {
        who: s('by'),
        when,
        what: t('event.ApprovalReturned', {
          by: s('by'),
          step: t(`approvalStep.${s('step')}`, { defaultValue: s('step') }),
          reason: t(`returnReason.${s('reasonCode')}`, { defaultValue: s('reasonCode') }),
        }),
      };
    case 'TaskScheduled':
      return {
        who: s('createdBy').startsWith('system') ? system : s('createdBy') || system,
        when,
        what: t('event.TaskScheduled', {
          task: s('title') || t(`taskKind.${s('kind')}`, { defaultValue: s('kind') }),
          due: formatDateTime(s('dueAt'), lang),
        }),
      };
    case 'TaskDone':
      return { who: s('by'), when, what: t('event.TaskDone', { task: s('taskId') }) };
    case 'TaskOverdue':
      return { who: system, when, what: t('event.TaskOverdue', { task: s('taskId') }) };
    case 'TaskCancelled':
      return {
        who: system,
        when,
        what: t('event.TaskCancelled', { task: s('taskId'), reason: s('reason') }),
      };
    case 'TransferRequested':
      return {
        who: s('by'),
        when,
        what: t('event.TransferRequested', { worker: s('toWorkerId'), reason: s('reason') }),
      };
    case 'TransferAccepted':
      return { who: s('toWorkerId'), when, what: t('event.TransferAccepted', { worker: s('toWorkerId') }) };
    case 'TransferDeclined':
      return {
        who: s('toWorkerId'),
        when,
        what: t('event.TransferDeclined', { worker: s('toWorkerId'), reason: s('reason') }),
      };
    case 'EscalationTaken':
      return {
        who: s('by'),
        when,
        what: t('event.EscalationTaken', {
          by: s('by'),
          level: t(`escalation.${s('level')}`, { defaultValue: s('level') }),
        }),
      };
    case 'CaseClosed':
      return {
        who: t('timeline.worker'),
        when,
        what: t('event.CaseClosed', {
          outcome: t(`outcome.${s('outcome')}`, { defaultValue: s('outcome') }),
        }),
      };
    default:
      return { who: system, when, what: t('event.unknown', { type: e.type }) };
  }
}
