import type { Logger } from 'pino';
import type { MongoEventStore } from '../eventStore/index.ts';

export interface SweeperOptions {
  store: MongoEventStore;
  logger: Logger;
  sweepIntervalMs?: number;
  sweepGraceMs?: number;
  appenderDeadAfterMs?: number;
}

/** The relay's search for commits whose appender died between storing and logging them. */
export class Sweeper {
  private readonly opts: SweeperOptions;
  private lastSweep = 0;
  private fullSweepDone = false;

  constructor(opts: SweeperOptions) {
    this.opts = opts;
  }

  /** Restarts the interval (the relay starts). */
  restart(): void {
    this.lastSweep = Date.now();
  }

  /** The start-up search is done again at the next catch-up (it failed). */
  again(): void {
    this.fullSweepDone = false;
  }

  /**
   * Once per start, the first time the relay has caught up (a relay that restarts often should publish
   * first), every commit older than the grace without a position is searched: what stores of versions
   * before the appenders' table may have left. On FerretDB a table scan, so it is logged with its cost.
   */
  async atStartup(): Promise<void> {
    if (this.fullSweepDone) return;
    this.fullSweepDone = true;
    const { store, logger } = this.opts;
    const started = performance.now();
    const found = await store.sweep.unloggedCommits(this.opts.sweepGraceMs ?? 10_000);
    for (const c of found) {
      const position = await store.sweep.logCommit(c);
      logger.warn({ commitId: c._id, position }, 'logged a commit its appender left unlogged');
    }
    logger.info(
      { unlogged: found.length, ms: Math.round(performance.now() - started) },
      'relay: start-up sweep done',
    );
  }

  /**
   * Every interval: logs commits whose appender died between storing and logging them, so they are published too. Each
   * interval only the appenders' table is read; commits are searched for an appender whose beat stopped.
   */
  async now(): Promise<void> {
    const { store, logger } = this.opts;
    const interval = this.opts.sweepIntervalMs ?? 30_000;
    if (Date.now() - this.lastSweep < interval) return;
    this.lastSweep = Date.now();
    for (const dead of await store.sweep.deadAppendersCommits(this.opts.appenderDeadAfterMs ?? 15_000)) {
      for (const c of dead.commits) {
        const position = await store.sweep.logCommit(c);
        logger.warn({ commitId: c._id, position }, 'logged a commit its appender left unlogged');
      }
      await store.sweep.forgetAppender(dead.appender, dead.beatAt);
    }
  }
}
