import type { Collection } from 'mongodb';
import { commitIdOf, type CommitDocument, type StreamCache } from './documents.ts';

/** Rewrite a stream's cache once readers have to walk this many commits past it. */
const CACHE_REFRESH_WALK = 8;

export interface LoadedStream {
  commits: CommitDocument[];
  version: number;
  /** Commits found past the cached prefix. */
  walked: number;
  /** Version the shared cache document had when this process last read or wrote it. */
  sharedVersion: number;
  /** When this process last saw the stream's end on the server (a lookup past it, or its own append). */
  seenAt: number;
}

/** Streams this process read or wrote last: a true prefix each (commits never change), so a hint too. */
const LOCAL_CACHE_STREAMS = 2000;

/**
 * Where a stream's commits come from: this process's cache of the streams it read or wrote last (a true
 * prefix each, since commits never change), the shared cache document, then forward by `_id`.
 */
export class StreamLoader {
  private readonly commits: Collection<CommitDocument>;
  private readonly streams: Collection<StreamCache>;
  private readonly local = new Map<string, Omit<LoadedStream, 'walked'>>();

  constructor(commits: Collection<CommitDocument>, streams: Collection<StreamCache>) {
    this.commits = commits;
    this.streams = streams;
  }

  /** What this process last saw of a stream, if it saw it. */
  seen(streamId: string): Omit<LoadedStream, 'walked'> | undefined {
    return this.local.get(streamId);
  }

  /** Drops a stream from this process's cache (another writer got in first). */
  forget(streamId: string): void {
    this.local.delete(streamId);
  }

  /**
   * The stream's commits: this process's cached prefix, else the shared cache, then forward by `_id`.
   * `verify: false` trusts this process's cache as the head (an append's insert decides any race, so a
   * stale head only costs a conflict); readers verify with one lookup past its end. A stream this process
   * does not know costs one lookup when it is new: its first commit.
   */
  async load(streamId: string, verify: boolean): Promise<LoadedStream> {
    const mine = this.local.get(streamId);
    if (mine && !verify) return { ...mine, walked: 0 };
    let commits: CommitDocument[];
    let sharedVersion: number;
    if (mine) {
      commits = [...mine.commits];
      sharedVersion = mine.sharedVersion;
    } else {
      const first = await this.commits.findOne({ _id: commitIdOf(streamId, 1) });
      const shared = first ? await this.streams.findOne({ _id: streamId }) : null;
      commits = shared?.commits.length ? [...shared.commits] : first ? [first] : [];
      sharedVersion = shared?.version ?? 0;
    }
    const cached = commits.length;
    let version = commits.at(-1)?.toVersion ?? 0;
    // A stream whose first commit was just looked up and is missing is new: no second lookup of it.
    const isNew = !mine && commits.length === 0;
    while (!isNew) {
      const next = await this.commits.findOne({ _id: commitIdOf(streamId, version + 1) });
      if (!next) break;
      commits.push(next);
      version = next.toVersion;
    }
    const seenAt = Date.now();
    this.remember(streamId, { commits, version, sharedVersion, seenAt });
    return { commits, version, sharedVersion, seenAt, walked: commits.length - cached };
  }

  remember(streamId: string, entry: Omit<LoadedStream, 'walked'>): void {
    this.local.delete(streamId);
    this.local.set(streamId, entry);
    if (this.local.size > LOCAL_CACHE_STREAMS) this.local.delete(this.local.keys().next().value!);
  }

  /** Every few commits, the shared cache is rewritten (off the request path: it is only a hint). */
  refreshCache(streamId: string, stream: LoadedStream, commits: CommitDocument[]): void {
    const version = commits.at(-1)!.toVersion;
    if (version - stream.sharedVersion < CACHE_REFRESH_WALK) return;
    this.remember(streamId, { commits, version, sharedVersion: version, seenAt: stream.seenAt });
    // Any writer may overwrite the cache with an older prefix; it stays a true prefix, so it is still right.
    void this.streams
      .replaceOne({ _id: streamId }, { version, commits }, { upsert: true })
      .catch(() => undefined); // two first upserts raced (the other prefix will do), or the server failed
  }
}
