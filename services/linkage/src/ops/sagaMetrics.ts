import type { Collection } from 'mongodb';
import { meter } from '@fivesoc/service-kit';
import type { CaseViewDoc } from '../cases/projection/caseView.ts';
import type { TimerDoc } from '../cases/saga/caseSaga.ts';

/** A deadline this long past due and still not fired means the timer loop is stuck. */
export const OVERDUE_AFTER_MS = 60_000;

export interface SagaSnapshot {
  /** Requests sent to a society and not yet answered, by kind (`worker`, `volunteer`, `organization`, `donation`). */
  pending: Record<string, number>;
  deadlines: { scheduled: number; due: number; overdue: number };
  /** Open cases without a worker, and how long the oldest of them has waited. */
  waitingForWorker: number;
  oldestWaitSeconds: number;
}

/**
 * The saga's state as ops read it: from the case views (open cases only) and the timers, one scan of
 * each, at most every `cacheMs` however often Prometheus scrapes (FerretDB answers only `_id` from an index).
 */
export class SagaGauges {
  private cached: { at: number; value: Promise<SagaSnapshot> } | undefined;
  private readonly views: Collection<CaseViewDoc>;
  private readonly timers: Collection<TimerDoc>;
  private readonly cacheMs: number;

  constructor(views: Collection<CaseViewDoc>, timers: Collection<TimerDoc>, cacheMs = 15_000) {
    this.views = views;
    this.timers = timers;
    this.cacheMs = cacheMs;
  }

  snapshot(now = Date.now()): Promise<SagaSnapshot> {
    if (this.cached && now - this.cached.at < this.cacheMs) return this.cached.value;
    const value = this.read(now);
    this.cached = { at: now, value };
    value.catch(() => (this.cached = undefined));
    return value;
  }

  private async read(now: number): Promise<SagaSnapshot> {
    const [open, timers] = await Promise.all([
      this.views
        .find(
          { closedAt: null },
          { projection: { workerId: 1, openedAt: 1, 'state.matches': 1, 'state.workerRequest': 1 } },
        )
        .toArray(),
      this.timers.find({}, { projection: { dueAt: 1 } }).toArray(),
    ]);
    const pending: Record<string, number> = { worker: 0, volunteer: 0, organization: 0, donation: 0 };
    let waitingForWorker = 0;
    let oldest = now;
    for (const c of open) {
      if (c.state?.workerRequest) pending.worker!++;
      for (const m of c.state?.matches ?? []) {
        if (m.status === 'requested' || m.status === 'held') pending[m.kind] = (pending[m.kind] ?? 0) + 1;
      }
      if (!c.workerId) {
        waitingForWorker++;
        oldest = Math.min(oldest, Date.parse(c.openedAt) || now);
      }
    }
    const deadlines = { scheduled: 0, due: 0, overdue: 0 };
    for (const t of timers) {
      if (t._id.startsWith('worker:')) continue;
      const due = new Date(t.dueAt).getTime();
      if (due > now) deadlines.scheduled++;
      else if (now - due <= OVERDUE_AFTER_MS) deadlines.due++;
      else deadlines.overdue++;
    }
    return { pending, deadlines, waitingForWorker, oldestWaitSeconds: (now - oldest) / 1000 };
  }

  /** Registers the saga's gauges on the process's metrics page. */
  observe(): void {
    const m = meter('@fivesoc/linkage');
    const pending = m.createObservableGauge('fivesoc.saga.requests.pending', {
      description: 'Requests to a society not yet answered, by kind',
      unit: '{request}',
    });
    const deadlines = m.createObservableGauge('fivesoc.saga.deadlines', {
      description:
        'Match deadlines by state: scheduled, due (passed < 1 min), overdue (passed and not fired)',
      unit: '{deadline}',
    });
    const waiting = m.createObservableGauge('fivesoc.saga.cases.waiting_for_worker', {
      description: 'Open cases without a worker',
      unit: '{case}',
    });
    const oldest = m.createObservableGauge('fivesoc.saga.cases.waiting_for_worker.oldest.seconds', {
      description: 'How long the open case waiting longest for a worker has waited',
      unit: 's',
    });
    m.addBatchObservableCallback(
      async (r) => {
        const s = await this.snapshot().catch(() => undefined);
        if (!s) return;
        for (const [kind, n] of Object.entries(s.pending))
          r.observe(pending, n, { 'fivesoc.request.kind': kind });
        for (const [state, n] of Object.entries(s.deadlines))
          r.observe(deadlines, n, { 'fivesoc.deadline.state': state });
        r.observe(waiting, s.waitingForWorker);
        r.observe(oldest, s.oldestWaitSeconds);
      },
      [pending, deadlines, waiting, oldest],
    );
  }
}
