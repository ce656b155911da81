import { IllegalStateError, NotFoundError } from '@fivesoc/service-kit';
import type { CommandOf, DecideContext } from '../commands.ts';
import type { CaseEvent } from '../events.ts';
import type { CaseState } from '../state.ts';
import { opened, live, Decision, inDays, schedule } from './decision.ts';

type TasksCommand = CommandOf<'addTask' | 'completeTask' | 'taskDue'>;

/** The case's tasks: a worker's own, done, and overdue (the saga's timer). */
export function decideTasks(c: TasksCommand, s: CaseState, { now, actor }: DecideContext): CaseEvent[] {
  switch (c.kind) {
    case 'addTask': {
      live(s);
      const d = new Decision(s);
      schedule(d, 'own', c.dueAt, actor, c.title);
      return d.events;
    }
    case 'completeTask': {
      opened(s);
      const t = s.tasks.find((x) => x.taskId === c.taskId);
      if (!t) throw new NotFoundError('task', c.taskId);
      if (t.status !== 'open') throw new IllegalStateError(`task ${t.taskId} is ${t.status} already`);
      const d = new Decision(s).add({ type: 'TaskDone', payload: { taskId: t.taskId, by: actor } });
      const days = c.policy?.policy.tasks.planReviewDays ?? 0;
      if (t.kind === 'plan_review' && !s.closed && days > 0)
        schedule(d, 'plan_review', inDays(now, days), actor);
      return d.events;
    }
    case 'taskDue': {
      opened(s);
      const t = s.tasks.find((x) => x.taskId === c.taskId);
      if (!t || t.status !== 'open' || t.overdue || Date.parse(t.dueAt) > now.getTime()) return [];
      return [{ type: 'TaskOverdue', payload: { taskId: t.taskId } }];
    }
    default: {
      const unreachable: never = c;
      return unreachable;
    }
  }
}
