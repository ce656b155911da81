import type { Logger } from 'pino';
import type { ReadModelCollections } from '../../readModels/collections.ts';
import type { CaseCommand } from '../domain/decider.ts';
import type { CaseState } from '../domain/state.ts';
import { workerTimerOf, type CaseTimers, type TimerDoc } from './timers.ts';
import { rankWorkers } from './workers.ts';

/** A case nobody can take is looked at again when a worker changes, and at the latest after this. */
const WORKER_FALLBACK_MS = 3_600_000;

export interface WorkerSearchDeps {
  timers: CaseTimers;
  readModels: ReadModelCollections;
  logger: Logger;
  /** When every ranked worker refused, look again after this long (doubling up to an hour). */
  workerRetryMs: number;
  load(caseId: string, atLeastVersion?: number): Promise<CaseState | undefined>;
  exec(caseId: string, command: CaseCommand, causationId: string): Promise<unknown>;
  /** Wakes the timer loop (a worker changed while cases wait). */
  wake(): void;
}

const needsWorker = (s: CaseState | undefined): s is CaseState =>
  !!s && !s.closed && !s.workerId && !s.workerRequest;

/**
 * Finding a worker for a case: the ranked workers are proposed; when nobody can take the case, it waits
 * for a worker event (`changed`), or, when every ranked worker refused, looks again later, twice as long
 * each time; at the latest after an hour (a durable `worker:` timer).
 */
export class WorkerSearch {
  private readonly d: WorkerSearchDeps;
  /** Cases waiting for a worker (their `worker:` timers), looked at again when workers change. */
  private readonly waiting = new Set<string>();
  private dirty = false;
  /** Counts worker changes, so a case found without a worker just as one changed is looked at again. */
  private generation = 0;

  constructor(d: WorkerSearchDeps) {
    this.d = d;
  }

  /** A worker registered, changed coverage or caseload, came back or was released from a case. */
  changed(): void {
    this.generation++;
    if (this.waiting.size === 0) return;
    this.dirty = true;
    this.d.wake();
  }

  /** The cases the stored timers say are waiting (at start). */
  remember(timers: readonly TimerDoc[]): void {
    for (const t of timers) if (t._id.startsWith(workerTimerOf(''))) this.waiting.add(t.caseId);
  }

  /** Ranks workers for a case without one; when none is found, looks again later. */
  async propose(caseId: string, causationId: string, misses = 0, atLeastVersion?: number): Promise<void> {
    const s = await this.d.load(caseId, atLeastVersion);
    if (!needsWorker(s)) return;
    const generation = this.generation;
    const workerIds = await rankWorkers(this.d.readModels, s);
    if (workerIds.length === 0) {
      await this.later(caseId, misses);
      if (this.generation !== generation) this.dirty = true;
      return;
    }
    await this.d.exec(caseId, { kind: 'proposeWorkers', workerIds }, causationId);
  }

  /** Every ranked worker refused (full caseloads): rank again later rather than at once. */
  async refusedByAll(caseId: string): Promise<void> {
    if (!(await this.d.timers.find(workerTimerOf(caseId)))) await this.later(caseId, 0, true);
  }

  /** A `worker:` timer came due: rank again (`propose` sets a new timer when still nobody is found). */
  async due(t: TimerDoc): Promise<void> {
    await this.d.timers.forget(t._id);
    this.waiting.delete(t.caseId);
    await this.propose(t.caseId, `timer:${t._id}`, t.misses ?? 0);
  }

  /** After a worker event: the waiting cases get ranked again, once however many events came. */
  async retryIfChanged(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    for (const caseId of [...this.waiting]) {
      const t = await this.d.timers.find(workerTimerOf(caseId));
      const s = t ? await this.d.load(caseId) : undefined;
      if (t && needsWorker(s) && (await rankWorkers(this.d.readModels, s)).length === 0) continue; // still nobody
      if (t) await this.d.timers.forget(t._id);
      this.waiting.delete(caseId);
      if (t && needsWorker(s)) await this.propose(caseId, `workers-changed:${caseId}`, 0);
    }
  }

  private async later(caseId: string, misses: number, refused = false): Promise<void> {
    const wait = refused
      ? Math.min(WORKER_FALLBACK_MS, this.d.workerRetryMs * 2 ** Math.min(misses, 12))
      : WORKER_FALLBACK_MS;
    this.d.logger.warn({ caseId, retryInMs: wait }, 'no worker can take the case yet; looking again later');
    await this.d.timers.set(workerTimerOf(caseId), caseId, new Date(Date.now() + wait), misses + 1);
    this.waiting.add(caseId);
  }
}
