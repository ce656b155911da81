import type { Collection } from 'mongodb';
import type { AppenderDocument, CommitDocument } from './documents.ts';
import type { PositionLog } from './positionLog.ts';

/** What the relay's sweep asks of the store: commits whose appender died before logging them. */
export class SweepQueries {
  private readonly commits: Collection<CommitDocument>;
  private readonly appenders: Collection<AppenderDocument>;
  private readonly log: PositionLog;
  private readonly appenderId: string;

  constructor(
    commits: Collection<CommitDocument>,
    appenders: Collection<AppenderDocument>,
    log: PositionLog,
    appenderId: string,
  ) {
    this.commits = commits;
    this.appenders = appenders;
    this.log = log;
    this.appenderId = appenderId;
  }

  /** Commits appended but never logged (their appender died in between), older than `olderThanMs`. */
  async unloggedCommits(olderThanMs: number, limit = 1000): Promise<CommitDocument[]> {
    return this.commits
      .find({ position: { $exists: false }, committedAt: { $lt: new Date(Date.now() - olderThanMs) } })
      .limit(limit)
      .toArray();
  }

  /**
   * Commits left unlogged by appenders that died (their beat stopped `deadAfterMs` ago): the appenders'
   * own table is read (one document per live store), and the commits are searched only for a dead one.
   * Returns them with the function that forgets the dead appender once they are logged.
   */
  async deadAppendersCommits(
    deadAfterMs: number,
  ): Promise<{ appender: string; beatAt: Date; commits: CommitDocument[] }[]> {
    const cutoff = new Date(Date.now() - deadAfterMs);
    const dead = (await this.appenders.find({}).limit(1000).toArray()).filter(
      (a) => a._id !== this.appenderId && a.beatAt < cutoff,
    );
    const out: { appender: string; beatAt: Date; commits: CommitDocument[] }[] = [];
    for (const a of dead) {
      const commits = await this.commits
        .find({ appender: a._id, position: { $exists: false } })
        .limit(10_000)
        .toArray();
      out.push({ appender: a._id, beatAt: a.beatAt, commits });
    }
    return out;
  }

  /**
   * Forgets a dead appender once its unlogged commits are logged, unless it beat since it was found dead
   * (it was only slow, and may have stored more since the search).
   */
  async forgetAppender(appender: string, beatAt: Date): Promise<void> {
    await this.appenders.deleteOne({ _id: appender, beatAt });
  }

  /** Gives an unlogged commit its log entry (the sweep); a duplicate entry is harmless to readers. */
  async logCommit(c: CommitDocument): Promise<number> {
    const position = await this.log.append({
      streamId: c.streamId,
      fromVersion: c.fromVersion,
      toVersion: c.toVersion,
      commitId: c._id,
    });
    await this.commits.updateOne({ _id: c._id }, { $set: { position } });
    return position;
  }
}
