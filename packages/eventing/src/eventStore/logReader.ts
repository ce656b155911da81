import type { Collection } from 'mongodb';
import type { EventRegistry } from '../contracts/index.ts';
import type { CommitDocument, LogEntry } from './documents.ts';
import type { PositionLog } from './positionLog.ts';
import type { StoredEvent } from './types.ts';

/** Reads in log order: the relay's and the catch-up readers' view of the store. */
export class LogReader {
  private readonly log: PositionLog;
  private readonly commits: Collection<CommitDocument>;
  private readonly registry: EventRegistry;

  constructor(log: PositionLog, commits: Collection<CommitDocument>, registry: EventRegistry) {
    this.log = log;
    this.commits = commits;
    this.registry = registry;
  }

  /**
   * Events in log order from `fromPosition`, about `batch` of them. A commit is preceded by any earlier
   * commit of its stream that is not yet at an earlier position, so each stream stays in version order.
   */
  async readAll(fromPosition: number, batch: number): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    const emitted = new Map<string, number>();
    let from = fromPosition;
    while (out.length < batch) {
      const { entries } = await this.log.read(from, Math.max(16, batch));
      if (entries.length === 0) break;
      for (const entry of entries) {
        for (const c of await this.commitsUpTo(entry, emitted.get(entry.streamId) ?? 0)) {
          out.push(...this.envelopes(c, entry.position));
          emitted.set(c.streamId, c.toVersion);
        }
        if (out.length >= batch) break;
      }
      from = entries.at(-1)!.position + 1;
    }
    return out;
  }

  /**
   * The commit of a log entry, preceded by any earlier commits of its stream (after `doneVersion`) that
   * were not logged before it: an appender that stalled between its commit and its log entry.
   */
  async commitsUpTo(entry: LogEntry, doneVersion: number): Promise<CommitDocument[]> {
    if (entry.void || entry.toVersion <= doneVersion) return [];
    if (entry.prevLogged && entry.commit) return [{ ...entry.commit, position: entry.position }];
    const commit = await this.commits.findOne({ _id: entry.commitId });
    if (!commit) throw new Error(`log entry ${entry.position} names missing commit ${entry.commitId}`);
    const chain = [commit];
    let prev = entry.prevLogged ? null : commit.prevCommitId;
    while (prev) {
      const p = await this.commits.findOne({ _id: prev });
      if (!p || p.toVersion <= doneVersion) break;
      if (p.position !== undefined && p.position < entry.position) break;
      chain.unshift(p);
      prev = p.prevCommitId;
    }
    return chain;
  }

  /** Commit → envelopes, each payload read as its type's current schema version. */
  envelopes(c: CommitDocument, position = c.position ?? 0): StoredEvent[] {
    return c.events.map((e) => {
      const { version, payload } = this.registry.upcast(e.type, e.schemaVersion, e.payload);
      return {
        id: e.id,
        streamId: c.streamId,
        streamVersion: e.streamVersion,
        type: e.type,
        schemaVersion: version,
        occurredAt: e.occurredAt,
        payload,
        metadata: c.metadata,
        position,
      };
    });
  }
}
