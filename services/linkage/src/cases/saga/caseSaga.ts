import { z } from 'zod';
import { NotFoundError } from '@fivesoc/service-kit';
import {
  EventConsumer,
  TOPIC_PARTITIONS,
  ensureTopic,
  type EventEnvelope,
  type HandlerContext,
} from '@fivesoc/eventing';
import { payloadOf } from '../../readModels/contracts/shared.ts';
import type { CommandOptions } from '../app.ts';
import type { CaseCommand } from '../domain/decider.ts';
import type { CaseState } from '../domain/state.ts';
import { fireTimer } from './deadlines.ts';
import { perform } from './effects.ts';
import { obligations, recordOf } from './obligations.ts';
import { react } from './reactions.ts';
import { SAGA_ACTOR, type CaseSagaOptions } from './sagaOptions.ts';
import { TimerLoop } from './timerLoop.ts';
import { CaseTimers, TASK_TIMER } from './timers.ts';
import { translate, type Society } from './translate.ts';
import { WorkerSearch } from './workerSearch.ts';

export { caseOfRequest } from './translate.ts';
export { SAGA_ACTOR, type CaseSagaOptions } from './sagaOptions.ts';
export type { DueEntry, TimerDoc } from './timers.ts';

/** Streams of one partition the saga handles at once (about 60 handlers in flight at most, over 15 partitions). */
const SAGA_STREAMS_AT_ONCE = 4;

const taskScheduled = z.object({ taskId: z.string().max(100), dueAt: z.string().max(40) });

/**
 * The case process manager. It is level-triggered: every event of a case makes it look at the case as it
 * is now and carry out what is still owed (`obligations`: ask a worker, send a request to a society, give
 * back what a refused, expired or withdrawn request holds, release workers), recording each answer on the
 * case. The case stream is its durable state, so a redelivered event finds nothing left to do, and a crash
 * between a call and its record repeats the call with the same Idempotency-Key, which the society answers
 * as before. Society events become commands (`translate`); deadlines live in `case_timers` and are polled.
 */
export class CaseSaga {
  private consumers: EventConsumer[] = [];
  private readonly o: CaseSagaOptions;
  private readonly timers: CaseTimers;
  private readonly workers: WorkerSearch;
  private readonly societyOf: Map<string, Society>;
  private readonly loop: TimerLoop;

  constructor(o: CaseSagaOptions) {
    this.o = o;
    this.timers = new CaseTimers(o.db, o.timerPollMs);
    this.workers = new WorkerSearch({
      ...o,
      timers: this.timers,
      load: (caseId, atLeast) => this.load(caseId, atLeast),
      exec: (caseId, command, causationId) => this.exec(caseId, command, causationId),
      wake: () => this.loop.wake(),
    });
    this.loop = new TimerLoop({
      timers: this.timers,
      workers: this.workers,
      logger: o.logger,
      pollMs: o.timerPollMs,
      fire: (now, ids) => this.fireDueTimers(now, ids),
    });
    const t = o.topics;
    this.societyOf = new Map<string, Society>([
      [t.community, 'community'],
      [t.volunteer, 'volunteer'],
      [t.organization, 'organization'],
      [t.charity, 'charity'],
    ]);
  }

  /** A worker changed: the cases waiting for one are looked at again on the next timer round. */
  workersChanged(): void {
    this.workers.changed();
  }

  async start(): Promise<void> {
    const t = this.o.topics;
    const societies = [t.community, t.volunteer, t.organization, t.charity];
    for (const topic of [t.cases, ...societies]) await ensureTopic(this.o.kafka, topic);
    // Two consumers, since kafkajs fetches again only once every batch of its last fetch is handled: a
    // society's event (a need to open a case for) does not wait behind the case events' heavier work.
    this.consumers = [
      this.consumerOf(this.o.groupId, societies, 'case-saga'),
      this.consumerOf(`${this.o.groupId}.cases`, [t.cases], 'case-saga:cases'),
    ];
    for (const c of this.consumers) await c.start();
    this.loop.start();
  }

  private consumerOf(groupId: string, topics: string[], component: string): EventConsumer {
    return new EventConsumer({
      kafka: this.o.kafka,
      groupId,
      topics,
      handle: (e, ctx) => this.handle(e, ctx),
      logger: this.o.logger.child({ component }),
      fromBeginning: true,
      // Every partition at once, and within each the streams side by side (each stream in order): one
      // partition one event after another opened about five cases a second here, all a need's case waits.
      partitionsConsumedConcurrently: topics.length * TOPIC_PARTITIONS,
      streamsConcurrently: SAGA_STREAMS_AT_ONCE,
    });
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    const cs = this.consumers;
    this.consumers = [];
    for (const c of cs) await c.stop();
  }

  async handle(event: EventEnvelope, ctx: Pick<HandlerContext, 'topic'>): Promise<void> {
    const society = this.societyOf.get(ctx.topic);
    if (society) {
      const deps = { ...this.o, load: this.load.bind(this), exec: this.exec.bind(this) };
      for (const r of translate(society, event, { autoOpen: this.o.autoOpen }))
        await react(deps, r, event.id);
      return;
    }
    if (ctx.topic !== this.o.topics.cases || !event.streamId.startsWith('case-')) return; // a district's policy
    const caseId = event.streamId.replace(/^case-/, '');
    // What the saga reads of the case needs to hold this event, no more: its own appends keep the cache.
    const known = event.streamVersion;
    if (event.type === 'CaseOpened' && this.o.autoAssign !== false)
      await this.workers.propose(caseId, event.id, 0, known);
    if (event.type === 'TaskScheduled') {
      // A timer for a task still open: a redelivery of one done since sets none again.
      const t = payloadOf(taskScheduled, event);
      const task = (await this.load(caseId, known))?.tasks.find((x) => x.taskId === t.taskId);
      if (task?.status === 'open' && !task.overdue)
        await this.timers.keep(`${TASK_TIMER}${t.taskId}`, caseId, new Date(t.dueAt));
    }
    return this.reconcile(caseId, event.id, known);
  }

  /** Does what the case still owes, once per owed step, recording every answer. */
  async reconcile(caseId: string, causationId: string, atLeastVersion?: number): Promise<void> {
    const s = await this.load(caseId, atLeastVersion);
    if (!s) return;
    let version = atLeastVersion;
    for (const o of obligations(s)) {
      if (o.kind === 'request') await this.timers.keep(o.match.requestId, caseId, new Date(o.match.deadline));
      if (o.kind === 'giveBack') await this.timers.forget(o.match.requestId);
      const answer = await perform(this.o.societies, o);
      const policy = o.kind === 'askWorker' ? await this.o.app.policyOf(o.districtCode) : undefined;
      const after = await this.exec(caseId, recordOf(o, answer, policy), causationId, {
        ...(version !== undefined ? { atLeastVersion: version } : {}),
      });
      version = after.version;
      if (
        o.kind === 'askWorker' &&
        !after.state.closed &&
        !after.state.workerId &&
        !after.state.workerRequest
      )
        await this.workers.refusedByAll(caseId);
    }
  }

  /**
   * Fires due deadlines (`ids` from the due buckets; without them every stored timer is searched, as at
   * start, when what came due while linkage was down must fire). Returns how many were due.
   */
  async fireDueTimers(now = new Date(), ids?: string[]): Promise<number> {
    const due = await this.timers.dueBy(now, ids);
    const deps = {
      timers: this.timers,
      workers: this.workers,
      load: this.load.bind(this),
      exec: this.exec.bind(this),
    };
    for (const t of due) await fireTimer(deps, t);
    return due.length;
  }

  private exec(
    caseId: string,
    command: CaseCommand,
    causationId?: string,
    read: Pick<CommandOptions, 'atLeastVersion' | 'newStream'> = {},
  ) {
    return this.o.app.execute(caseId, command, {
      actor: SAGA_ACTOR,
      ...(causationId ? { causationId } : {}),
      ...read,
    });
  }

  private async load(caseId: string, atLeastVersion?: number): Promise<CaseState | undefined> {
    try {
      return (await this.o.app.load(caseId, atLeastVersion)).state;
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  }
}
