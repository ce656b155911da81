import { NotFoundError } from '@fivesoc/service-kit';
import type { CaseCommand } from '../domain/decider.ts';
import type { CaseState, MatchState } from '../domain/state.ts';
import { TASK_TIMER, workerTimerOf, type CaseTimers, type TimerDoc } from './timers.ts';
import type { WorkerSearch } from './workerSearch.ts';

export interface DeadlineDeps {
  timers: CaseTimers;
  workers: WorkerSearch;
  load(caseId: string): Promise<CaseState | undefined>;
  exec(caseId: string, command: CaseCommand, causationId: string): Promise<{ state: CaseState }>;
}

const PENDING: readonly MatchState['status'][] = ['requested', 'held'];

/**
 * One due timer: a worker search looks again; a task is recorded overdue once; a request still unanswered
 * expires (a no-op when the answer came first). A timer whose case still waits (this clock is behind the
 * one that set it) is looked at again a bucket later; the others are forgotten.
 */
export async function fireTimer(d: DeadlineDeps, t: TimerDoc): Promise<void> {
  const cause = `timer:${t._id}`;
  if (t._id.startsWith(workerTimerOf(''))) return d.workers.due(t);
  if (t._id.startsWith(TASK_TIMER)) {
    const taskId = t._id.slice(TASK_TIMER.length);
    const r = await d.exec(t.caseId, { kind: 'taskDue', taskId }, cause).catch((err: unknown) => {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    });
    const task = r?.state.tasks.find((x) => x.taskId === taskId);
    if (task && task.status === 'open' && !task.overdue) await d.timers.later(t._id);
    else await d.timers.forget(t._id);
    return;
  }
  const pending = (c: CaseState | undefined) =>
    c?.matches.some((x) => x.requestId === t._id && PENDING.includes(x.status)) ?? false;
  let after = await d.load(t.caseId);
  if (after && pending(after))
    after = (await d.exec(t.caseId, { kind: 'expire', requestId: t._id }, cause)).state;
  if (!pending(after)) await d.timers.forget(t._id);
  else await d.timers.later(t._id);
}
