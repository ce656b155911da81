import type { Collection, Db } from 'mongodb';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { z } from 'zod';
import { NotFoundError, type PersonalDataVault } from '@fivesoc/service-kit';
import {
  EventConsumer,
  ensureTopic,
  writeErrorsOf,
  type EventEnvelope,
  type HandlerContext,
} from '@fivesoc/eventing';
import type { ReadModelCollections } from '../../readModels/collections.ts';
import { communityContract } from '../../readModels/contracts/community.ts';
import { charityContract } from '../../readModels/contracts/charity.ts';
import { payloadOf } from '../../readModels/contracts/shared.ts';
import { volunteerContract } from '../../readModels/contracts/volunteer.ts';
import type { CaseApp } from '../app.ts';
import type { CaseCommand } from '../domain/decider.ts';
import type { CaseState, MatchState } from '../domain/state.ts';
import { caseIdOf, noteKeyOf, type ItemKind } from '../domain/values.ts';
import { isRefused, type Answer, type SocietyClient } from './societies.ts';
import { rankWorkers } from './workers.ts';

export const SAGA_ACTOR = 'system:case-saga';

/** A request's deadline, kept in MongoDB so it fires after a restart or a long outage too. */
export interface TimerDoc {
  /** A match request id (its deadline), or `worker:<caseId>` (look again for a worker). */
  _id: string;
  caseId: string;
  dueAt: Date;
  /** For `worker:` timers: how many times nobody was found (the wait doubles, up to an hour). */
  misses?: number;
}

/**
 * Where a timer waits to come due: `<bucket number, 13 digits>#<slot, 5 digits>` (bucket = due time
 * divided by the bucket width), pointing at its timer. FerretDB answers only lookups by `_id` from an index, so the poll reads the bucket that has just
 * ended slot by slot, by `_id`: it costs one lookup per bucket plus one per timer in it, not a scan.
 */
export interface DueEntry {
  _id: string;
  timerId: string;
}

export interface CaseSagaOptions {
  app: CaseApp;
  societies: SocietyClient;
  readModels: ReadModelCollections;
  db: Db;
  kafka: Kafka;
  logger: Logger;
  groupId: string;
  topics: { cases: string; community: string; volunteer: string; organization: string; charity: string };
  /** Open a case for every reported need (else staff open them with OpenCase). */
  autoOpen: boolean;
  /** linkage's keys: a case's notes are erased with its need's story. */
  vault?: PersonalDataVault;
  /** Ask the ranked workers for a new case (default true; else staff assign with AssignWorker). */
  autoAssign?: boolean;
  timerPollMs: number;
  /**
   * When every ranked worker refused a case, look again after this long (doubling up to an hour). A case
   * nobody covers waits for a worker event instead (`workersChanged`), with an hourly look as a fallback.
   */
  workerRetryMs: number;
}

/** A case nobody can take is looked at again when a worker changes, and at the latest after this. */
const WORKER_FALLBACK_MS = 3_600_000;

const referral = z.object({ referralId: z.string().max(200), reason: z.string().max(500).optional() });

/** The case id a society record created for a match belongs to: its id is the request id `<caseId>-r<n>`. */
export const caseOfRequest = (externalId: string): string | undefined =>
  /^(c-.+)-r\d+$/.exec(externalId)?.[1];

const PENDING: readonly MatchState['status'][] = ['requested', 'held'];
const NEEDS_RELEASE: readonly MatchState['status'][] = ['refused', 'expired', 'withdrawn'];

/**
 * The case process manager. It is level-triggered: every event of a case makes it look at the case as it
 * is now and carry out what is still owed (ask a worker, send a request to a society, give back what a
 * refused, expired or withdrawn request holds, release workers), recording each answer on the case. The
 * case stream is its durable state, so a redelivered event finds nothing left to do, and a crash between a
 * call and its record repeats the call with the same Idempotency-Key, which the society answers as before.
 * Society events (a volunteer withdrawing, an organization answering a referral, a coordinator allocating
 * or disbursing) become answers and deliveries; deadlines live in `case_timers` and are polled.
 */
export class CaseSaga {
  private consumer: EventConsumer | undefined;
  private readonly timers: Collection<TimerDoc>;
  private readonly due: Collection<DueEntry>;
  /** Width of a due bucket: five polls, at least a second. */
  private readonly bucketMs: number;
  /** The first bucket not yet read. */
  private cursor = 0;
  private readonly slots = new Map<number, number>();
  /** Cases waiting for a worker (their `worker:` timers), looked at again when workers change. */
  private readonly waiting = new Set<string>();
  private workersDirty = false;
  /** Counts worker changes, so a case found without a worker just as one changed is looked at again. */
  private workerGeneration = 0;
  private timerLoop: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private readonly o: CaseSagaOptions;

  constructor(o: CaseSagaOptions) {
    this.o = o;
    this.timers = o.db.collection<TimerDoc>('case_timers');
    this.due = o.db.collection<DueEntry>('case_timer_due');
    this.bucketMs = Math.max(1000, 5 * o.timerPollMs);
  }

  /**
   * A worker registered, changed coverage or caseload, came back or was released from a case: the
   * cases waiting for one are looked at again on the next timer round (once, however many events came).
   */
  workersChanged(): void {
    this.workerGeneration++;
    if (this.waiting.size === 0) return;
    this.workersDirty = true;
    this.wake?.();
  }

  async start(): Promise<void> {
    const t = this.o.topics;
    const topics = [t.cases, t.community, t.volunteer, t.organization, t.charity];
    for (const topic of topics) await ensureTopic(this.o.kafka, topic);
    this.stopping = false;
    this.consumer = new EventConsumer({
      kafka: this.o.kafka,
      groupId: this.o.groupId,
      topics,
      handle: (e, ctx) => this.handle(e, ctx),
      logger: this.o.logger.child({ component: 'case-saga' }),
      fromBeginning: true,
      partitionsConsumedConcurrently: 3,
    });
    await this.consumer.start();
    this.timerLoop = this.runTimers();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.timerLoop;
    const c = this.consumer;
    this.consumer = undefined;
    await c?.stop();
  }

  private async exec(caseId: string, command: CaseCommand, causationId?: string) {
    return this.o.app.execute(caseId, command, {
      actor: SAGA_ACTOR,
      ...(causationId ? { causationId } : {}),
    });
  }

  private async load(caseId: string): Promise<CaseState | undefined> {
    try {
      return (await this.o.app.load(caseId)).state;
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  }

  async handle(event: EventEnvelope, ctx: Pick<HandlerContext, 'topic'>): Promise<void> {
    const t = this.o.topics;
    switch (ctx.topic) {
      case t.cases: {
        if (!event.streamId.startsWith('case-')) return; // a district's case policy
        const caseId = event.streamId.replace(/^case-/, '');
        if (event.type === 'CaseOpened' && this.o.autoAssign !== false)
          await this.proposeWorkers(caseId, event.id);
        if (event.type === 'TaskScheduled') {
          // A timer for a task still open: a redelivery of one done since sets none again.
          const t = payloadOf(taskScheduled, event);
          const task = (await this.load(caseId))?.tasks.find((x) => x.taskId === t.taskId);
          if (task?.status === 'open' && !task.overdue)
            await this.keepTimerOf(`${TASK_TIMER}${t.taskId}`, caseId, new Date(t.dueAt));
        }
        return this.reconcile(caseId, event.id);
      }
      case t.community:
        return this.onCommunity(event);
      case t.volunteer:
        return this.onVolunteer(event);
      case t.organization:
        return this.onOrganization(event);
      case t.charity:
        return this.onCharity(event);
      default:
        return;
    }
  }

  // ---------- the societies' answers ----------

  private async onCommunity(event: EventEnvelope): Promise<void> {
    if (event.type === 'NeedReported' && this.o.autoOpen) {
      const p = payloadOf(communityContract.NeedReported, event);
      // As OpenCase: a case is opened only with the resident's consent to case handling (PIPL).
      if (!p.consent?.scope.includes('case_handling')) {
        this.o.logger.info(
          { needId: p.needId },
          'need reported without consent to case handling: no case opened',
        );
        return;
      }
      const caseId = caseIdOf(p.needId);
      // Opened once (one case per need): a redelivery is decided on the stream, which already holds it.
      await this.exec(
        caseId,
        {
          kind: 'open',
          caseId,
          needId: p.needId,
          place: { districtCode: p.districtCode, streetCode: p.streetCode, communityCode: p.communityCode },
          category: p.category,
          urgency: p.urgency,
          openedBy: 'auto',
        },
        event.id,
      ).catch((err: unknown) => {
        if ((err as { code?: string }).code !== 'ALREADY_EXISTS') throw err;
      });
    }
    if (event.type === 'PersonalDataErased') {
      // The need's story was erased (its key `need-<needId>`): the supervisors' notes on its case go too.
      const p = payloadOf(
        z.object({ personId: z.string().max(200), needId: z.string().max(200).optional() }),
        event,
      );
      const needId =
        p.needId ?? (p.personId.startsWith('need-') ? p.personId.slice('need-'.length) : undefined);
      if (needId && p.personId === `need-${needId}`) await this.o.vault?.erase(noteKeyOf(caseIdOf(needId)));
      return;
    }
    if (event.type === 'NeedWithdrawn') {
      const p = payloadOf(communityContract.NeedWithdrawn, event);
      const caseId = caseIdOf(p.needId);
      const s = await this.load(caseId);
      if (s && !s.closed) await this.exec(caseId, { kind: 'close', outcome: 'withdrawn' }, event.id);
    }
  }

  /** An answer about the request behind a society record, when that record is one of linkage's. */
  private async answer(
    externalId: string,
    kind: ItemKind,
    command: (m: MatchState) => CaseCommand,
    causationId: string,
  ): Promise<void> {
    const caseId = caseOfRequest(externalId);
    if (!caseId) return;
    const s = await this.load(caseId);
    const m = s?.matches.find((x) => x.requestId === externalId && x.kind === kind);
    if (!s || !m) return;
    if (s.closed && command(m).kind === 'deliver') return;
    await this.exec(caseId, command(m), causationId);
  }

  private async onVolunteer(event: EventEnvelope): Promise<void> {
    const refused =
      (reason: string) =>
      (m: MatchState): CaseCommand => ({
        kind: 'answered',
        requestId: m.requestId,
        outcome: 'refused',
        reason,
      });
    switch (event.type) {
      case 'VolunteerWithdrew': {
        const p = payloadOf(volunteerContract.VolunteerWithdrew, event);
        return this.answer(p.taskId, 'volunteer', refused('the volunteer withdrew'), event.id);
      }
      case 'TaskCancelled': {
        const p = payloadOf(volunteerContract.TaskCancelled, event);
        return this.answer(p.taskId, 'volunteer', refused('the task was cancelled'), event.id);
      }
      case 'HoursRecorded': {
        const p = payloadOf(
          z.object({
            taskId: z.string().max(200),
            minutes: z.number().int().min(1),
            recordedAt: z.string().max(40),
          }),
          event,
        );
        return this.answer(
          p.taskId,
          'volunteer',
          (m) => ({
            kind: 'deliver',
            requestId: m.requestId,
            quantity: p.minutes,
            deliveredAt: p.recordedAt,
            source: 'volunteer',
            sourceEventId: event.id,
          }),
          event.id,
        );
      }
      default:
        return;
    }
  }

  private async onOrganization(event: EventEnvelope): Promise<void> {
    const outcome =
      event.type === 'ReferralAccepted'
        ? 'confirmed'
        : event.type === 'ReferralDeclined' || event.type === 'ReferralCancelled'
          ? 'refused'
          : undefined;
    if (!outcome) return;
    const p = payloadOf(referral, event);
    const reason =
      event.type === 'ReferralDeclined'
        ? `declined: ${p.reason ?? ''}`.slice(0, 200)
        : 'the referral was cancelled';
    await this.answer(
      p.referralId,
      'organization',
      (m) => ({ kind: 'answered', requestId: m.requestId, outcome, reason }),
      event.id,
    );
  }

  private async onCharity(event: EventEnvelope): Promise<void> {
    switch (event.type) {
      case 'ResourceAllocated': {
        const p = payloadOf(charityContract.ResourceAllocated, event);
        return this.answer(
          p.entryId,
          'donation',
          (m) => ({ kind: 'answered', requestId: m.requestId, outcome: 'confirmed' }),
          event.id,
        );
      }
      case 'ReservationReleased': {
        const p = payloadOf(charityContract.ReservationReleased, event);
        return this.answer(
          p.entryId,
          'donation',
          (m) => ({
            kind: 'answered',
            requestId: m.requestId,
            outcome: 'refused',
            reason: 'the reservation was released',
          }),
          event.id,
        );
      }
      case 'ResourceDisbursed': {
        const p = payloadOf(charityContract.ResourceDisbursed, event);
        return this.answer(
          p.entryId,
          'donation',
          (m) => ({
            kind: 'deliver',
            requestId: m.requestId,
            quantity: Math.max(1, p.quantity),
            deliveredAt: event.occurredAt,
            source: 'charity',
            sourceEventId: event.id,
          }),
          event.id,
        );
      }
      default:
        return;
    }
  }

  // ---------- carrying out what the case owes ----------

  /** Ranks workers for a case without one; when none is found, looks again later (a durable timer). */
  private async proposeWorkers(caseId: string, causationId: string, misses = 0): Promise<void> {
    const s = await this.load(caseId);
    if (!s || s.closed || s.workerId || s.workerRequest) return;
    const generation = this.workerGeneration;
    const workerIds = await rankWorkers(this.o.readModels, s);
    if (workerIds.length === 0) {
      await this.lookForWorkerLater(caseId, misses);
      if (this.workerGeneration !== generation) this.workersDirty = true;
      return;
    }
    await this.exec(caseId, { kind: 'proposeWorkers', workerIds }, causationId);
  }

  /**
   * Nobody could take the case: it waits for a worker event, or (every ranked worker refused) looks again
   * later, waiting twice as long each time; at the latest after an hour.
   */
  private async lookForWorkerLater(caseId: string, misses: number, refused = false): Promise<void> {
    const wait = refused
      ? Math.min(WORKER_FALLBACK_MS, this.o.workerRetryMs * 2 ** Math.min(misses, 12))
      : WORKER_FALLBACK_MS;
    this.o.logger.warn({ caseId, retryInMs: wait }, 'no worker can take the case yet; looking again later');
    const dueAt = new Date(Date.now() + wait);
    await this.timers.replaceOne(
      { _id: `worker:${caseId}` },
      { caseId, dueAt, misses: misses + 1 },
      { upsert: true },
    );
    this.waiting.add(caseId);
    await this.enqueue(`worker:${caseId}`, dueAt);
  }

  /** Does what the case still owes, once per owed step, recording every answer. */
  async reconcile(caseId: string, causationId: string): Promise<void> {
    const s = await this.load(caseId);
    if (!s) return;
    const soc = this.o.societies;

    if (s.workerRequest) {
      const { requestId, workerId } = s.workerRequest;
      const a = await soc.assignWorker(workerId, caseId, requestId);
      const after = await this.exec(
        caseId,
        {
          kind: 'workerAnswered',
          requestId,
          accepted: !isRefused(a),
          ...(isRefused(a) ? { reason: a.refused } : {}),
          // A first assignment gets its deadlines by the district's policy.
          policy: await this.o.app.policyOf(s.place.districtCode),
        },
        causationId,
      );
      // Every ranked worker refused (full caseloads): rank again later rather than at once.
      if (!after.state.closed && !after.state.workerId && !after.state.workerRequest) {
        const t = await this.timers.findOne({ _id: `worker:${caseId}` });
        if (!t) await this.lookForWorkerLater(caseId, 0, true);
      }
    }
    for (const w of s.workersToRelease) {
      await soc.releaseWorker(w, caseId, `${caseId}-release-${w}-${s.requestSeq}`);
      await this.exec(caseId, { kind: 'workerReleased', workerId: w }, causationId);
    }

    for (const m of s.matches) {
      if (m.status === 'requested') {
        await this.keepTimer(caseId, m);
        const a = await this.send(s, m);
        const outcome = isRefused(a) ? 'refused' : m.kind === 'volunteer' ? 'confirmed' : 'held';
        await this.exec(
          caseId,
          {
            kind: 'answered',
            requestId: m.requestId,
            outcome,
            ...(isRefused(a) ? { reason: a.refused.slice(0, 200) } : {}),
          },
          causationId,
        );
      }
      // Only matches with work still owed cost a call: a held match got its timer while requested, and the
      // timer of a confirmed one removes itself when it comes due (fireDueTimers finds it answered).
      if (NEEDS_RELEASE.includes(m.status) && !m.released) {
        await this.timers.deleteOne({ _id: m.requestId });
        const a = await this.giveBack(m);
        await this.exec(
          caseId,
          { kind: 'released', requestId: m.requestId, outcome: isRefused(a) ? 'nothing_held' : 'released' },
          causationId,
        );
      }
    }
  }

  private send(s: CaseState, m: MatchState): Promise<Answer> {
    const item = s.plan.find((i) => i.itemId === m.itemId);
    if (!item) return Promise.resolve({ refused: 'the item left the plan' });
    const soc = this.o.societies;
    switch (m.kind) {
      case 'volunteer':
        return soc.reserveVolunteer(
          {
            requestId: m.requestId,
            caseId: s.caseId,
            volunteerId: m.resourceId,
            skill: item.requirement,
            title: (item.description || `case ${s.caseId}: ${item.requirement}`).slice(0, 100),
          },
          { startAt: item.startAt ?? '', endAt: item.endAt ?? '' },
          s.place,
        );
      case 'organization':
        return soc.refer(
          {
            requestId: m.requestId,
            caseId: s.caseId,
            itemId: m.itemId,
            organizationId: m.resourceId,
            field: item.requirement,
          },
          s.place,
          { startAt: item.startAt, endAt: item.endAt },
        );
      case 'donation':
        return soc.reserveDonation(
          {
            requestId: m.requestId,
            donationId: m.resourceId,
            quantity: m.quantity,
            needId: s.needId,
            category: s.category,
          },
          s.place,
        );
    }
  }

  /** Gives back what a request holds (a refusal from the society means it holds nothing). */
  private giveBack(m: MatchState): Promise<Answer> {
    const soc = this.o.societies;
    switch (m.kind) {
      case 'volunteer':
        return soc.cancelVolunteerTask(m.requestId, `case request ${m.status}`);
      case 'organization':
        return soc.cancelReferral(m.requestId, `case request ${m.status}`);
      case 'donation':
        return soc.releaseDonation(m.resourceId, m.requestId, `case request ${m.status}`);
    }
  }

  private keepTimer(caseId: string, m: MatchState): Promise<void> {
    return this.keepTimerOf(m.requestId, caseId, new Date(m.deadline));
  }

  /** A durable timer, set once (a redelivery finds it set, and queued then). */
  private async keepTimerOf(timerId: string, caseId: string, dueAt: Date): Promise<void> {
    try {
      await this.timers.insertOne({ _id: timerId, caseId, dueAt });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      return;
    }
    await this.enqueue(timerId, dueAt);
  }

  /** The bucket a timer due at `dueAt` waits in: never one the poll may have read already. */
  private bucketOf(dueAt: Date): number {
    const earliest = Math.floor(Date.now() / this.bucketMs) + 1;
    return Math.max(earliest, Math.floor(dueAt.getTime() / this.bucketMs));
  }

  /** The next free slot of a bucket, as this process knows it. */
  private nextSlot(bucket: number): number {
    const slot = this.slots.get(bucket) ?? 0;
    this.slots.set(bucket, slot + 1);
    return slot;
  }

  /**
   * Puts many timers in their due buckets with one unordered insert per 500 (the once-only build at start).
   * A slot another instance took meanwhile is a duplicate key: that timer is queued again on its own.
   */
  private async enqueueMany(timers: readonly { _id: string; dueAt: Date }[]): Promise<void> {
    for (let i = 0; i < timers.length; i += DUE_BATCH) {
      const batch = timers.slice(i, i + DUE_BATCH);
      const entries = batch.map((t) => ({ _id: dueIdOf(...this.nextSlotOf(t.dueAt)), timerId: t._id }));
      try {
        await this.due.insertMany(entries, { ordered: false });
      } catch (err) {
        const failures = writeErrorsOf(err, entries.length);
        if (!failures || failures.some((f) => f.code !== 11000)) throw err;
        for (const f of failures) await this.enqueue(batch[f.index]!._id, batch[f.index]!.dueAt);
      }
    }
  }

  private nextSlotOf(dueAt: Date): [number, number] {
    const bucket = this.bucketOf(dueAt);
    return [bucket, this.nextSlot(bucket)];
  }

  /** Puts a timer in its due bucket, never in one the poll may have read already. */
  private async enqueue(timerId: string, dueAt: Date): Promise<void> {
    const bucket = this.bucketOf(dueAt);
    for (;;) {
      const slot = this.nextSlot(bucket);
      try {
        await this.due.insertOne({ _id: dueIdOf(bucket, slot), timerId });
        return;
      } catch (err) {
        // Another instance took the slot: the next one.
        if ((err as { code?: number }).code !== 11000) throw err;
      }
    }
  }

  // ---------- deadlines ----------

  /**
   * Fires due deadlines: `expire` on the case (a no-op when the answer came first), then forgets the
   * timer. `ids` are the timers to look at (from the due buckets); without them every stored timer is
   * searched, as at start, when what came due while linkage was down must fire.
   */
  async fireDueTimers(now = new Date(), ids?: string[]): Promise<number> {
    const due = ids
      ? (await Promise.all(ids.map((_id) => this.timers.findOne({ _id })))).filter(
          (t): t is TimerDoc => t !== null && t.dueAt <= now,
        )
      : await this.timers
          .find({ dueAt: { $lte: now } })
          .limit(200)
          .toArray();
    for (const t of due) {
      if (t._id.startsWith('worker:')) {
        // proposeWorkers sets a new timer when still nobody is found.
        await this.timers.deleteOne({ _id: t._id });
        this.waiting.delete(t.caseId);
        await this.proposeWorkers(t.caseId, `timer:${t._id}`, t.misses ?? 0);
        continue;
      }
      if (t._id.startsWith(TASK_TIMER)) {
        // Recorded overdue once (a no-op when the task was done first); a clock behind the one that set it
        // finds it not due yet and looks again a bucket later.
        const taskId = t._id.slice(TASK_TIMER.length);
        const r = await this.exec(t.caseId, { kind: 'taskDue', taskId }, `timer:${t._id}`).catch(
          (err: unknown) => {
            if (err instanceof NotFoundError) return undefined;
            throw err;
          },
        );
        const task = r?.state.tasks.find((x) => x.taskId === taskId);
        if (task && task.status === 'open' && !task.overdue)
          await this.enqueue(t._id, new Date(Date.now() + this.bucketMs));
        else await this.timers.deleteOne({ _id: t._id });
        continue;
      }
      const s = await this.load(t.caseId);
      const pending = (c: CaseState | undefined) =>
        c?.matches.some((x) => x.requestId === t._id && PENDING.includes(x.status)) ?? false;
      let after = s;
      if (s && pending(s)) {
        after = (await this.exec(t.caseId, { kind: 'expire', requestId: t._id }, `timer:${t._id}`)).state;
      }
      // Kept while the case still waits (e.g. this clock is behind the one that set the deadline).
      if (!pending(after)) await this.timers.deleteOne({ _id: t._id });
      else await this.enqueue(t._id, new Date(Date.now() + this.bucketMs));
    }
    return due.length;
  }

  /** Reads the buckets that ended (a margin ago) since the last round, firing their timers. */
  private async fireDueBuckets(): Promise<void> {
    const last = Math.floor((Date.now() - MARGIN_MS) / this.bucketMs) - 1;
    for (; this.cursor <= last; this.cursor++) {
      const entries: DueEntry[] = [];
      for (let slot = 0; ; slot++) {
        const e = await this.due.findOne({ _id: dueIdOf(this.cursor, slot) });
        if (!e) break;
        entries.push(e);
      }
      if (entries.length > 0) {
        await this.fireDueTimers(new Date(), [...new Set(entries.map((e) => e.timerId))]);
        await Promise.all(entries.map((e) => this.due.deleteOne({ _id: e._id })));
      }
      this.slots.delete(this.cursor);
    }
  }

  /** The cases waiting for a worker get ranked again (a worker event came). */
  private async retryWaiting(): Promise<void> {
    this.workersDirty = false;
    for (const caseId of [...this.waiting]) {
      const t = await this.timers.findOne({ _id: `worker:${caseId}` });
      if (!t) {
        this.waiting.delete(caseId);
        continue;
      }
      const s = await this.load(caseId);
      if (!s || s.closed || s.workerId || s.workerRequest) {
        await this.timers.deleteOne({ _id: t._id });
        this.waiting.delete(caseId);
        continue;
      }
      if ((await rankWorkers(this.o.readModels, s)).length === 0) continue; // still nobody: keep waiting
      await this.timers.deleteOne({ _id: t._id });
      this.waiting.delete(caseId);
      await this.proposeWorkers(caseId, `workers-changed:${caseId}`, 0);
    }
  }

  private async runTimers(): Promise<void> {
    // Once at start: whatever came due while linkage was down, and the cases waiting for a worker.
    this.cursor = Math.floor((Date.now() - MARGIN_MS) / this.bucketMs);
    for (;;) {
      try {
        while ((await this.fireDueTimers()) === 200);
        const built = (await this.due.findOne({ _id: QUEUE_BUILT })) !== null;
        const timers = await this.timers.find({}).toArray();
        for (const t of timers) if (t._id.startsWith('worker:')) this.waiting.add(t.caseId);
        // Timers set before the due buckets existed are put in theirs, once.
        if (!built) {
          await this.enqueueMany(timers);
          await this.due.insertOne({ _id: QUEUE_BUILT, timerId: '' }).catch(() => undefined);
        }
        this.o.logger.info(
          { timers: timers.length, queued: built ? 0 : timers.length },
          'case timers: start-up work done',
        );
        break;
      } catch (err) {
        this.o.logger.warn({ err }, 'case timers: will try again');
        if (this.stopping) return;
        await this.pause();
      }
    }
    while (!this.stopping) {
      try {
        await this.fireDueBuckets();
        if (this.workersDirty) await this.retryWaiting();
      } catch (err) {
        this.o.logger.warn({ err }, 'case timers: will try again');
      }
      await this.pause();
    }
  }

  private pause(): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(resolve, this.o.timerPollMs);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }
}

/** The timer of a case task's deadline: `task:<taskId>`. */
const TASK_TIMER = 'task:';

const taskScheduled = z.object({ taskId: z.string().max(100), dueAt: z.string().max(40) });

/** Marks that every stored timer has its due entry (timers of versions before the buckets got theirs). */
const QUEUE_BUILT = 'queue-built';

/** A bucket is read once it ended this long ago (clock skew between linkage instances stays below it). */
const MARGIN_MS = 500;

/** Due entries per insert of the once-only build. */
const DUE_BATCH = 500;

const dueIdOf = (bucket: number, slot: number) =>
  `${String(bucket).padStart(13, '0')}#${String(slot).padStart(5, '0')}`;
