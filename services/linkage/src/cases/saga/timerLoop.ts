import type { Logger } from 'pino';
import { DUE_PAGE, type CaseTimers } from './timers.ts';
import type { WorkerSearch } from './workerSearch.ts';

export interface TimerLoopDeps {
  timers: CaseTimers;
  workers: WorkerSearch;
  logger: Logger;
  pollMs: number;
  /** Fires the due timers (of `ids`, or of every stored timer); answers how many were due. */
  fire(now: Date, ids?: string[]): Promise<number>;
}

/** The saga's clock: the start-up search, then a poll of the due buckets and of the waiting cases. */
export class TimerLoop {
  private readonly d: TimerLoopDeps;
  private running: Promise<void> | undefined;
  private stopping = false;
  private wakeUp: (() => void) | undefined;

  constructor(d: TimerLoopDeps) {
    this.d = d;
  }

  start(): void {
    this.stopping = false;
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.running;
  }

  /** Ends the current pause (a worker changed while cases wait). */
  wake(): void {
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    // Once at start: whatever came due while linkage was down, and the cases waiting for a worker.
    this.d.timers.begin();
    for (;;) {
      try {
        while ((await this.d.fire(new Date())) === DUE_PAGE);
        const { timers, queued } = await this.d.timers.startUp();
        this.d.workers.remember(timers);
        this.d.logger.info({ timers: timers.length, queued }, 'case timers: start-up work done');
        break;
      } catch (err) {
        this.d.logger.warn({ err }, 'case timers: will try again');
        if (this.stopping) return;
        await this.pause();
      }
    }
    while (!this.stopping) {
      try {
        await this.d.timers.readDue((ids) => this.d.fire(new Date(), ids));
        await this.d.workers.retryIfChanged();
      } catch (err) {
        this.d.logger.warn({ err }, 'case timers: will try again');
      }
      await this.pause();
    }
  }

  private pause(): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(resolve, this.d.pollMs);
      this.wakeUp = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }
}
