import { createHash } from 'node:crypto';
import type { Collection } from 'mongodb';
import { FivesocError } from '@fivesoc/service-kit';
import { isDuplicateKey, type CommitDocument, type IdempotencyClaim } from './documents.ts';
import { resultOf } from './commitOf.ts';
import type { StreamLoader } from './streamLoader.ts';
import type { AppendResult } from './types.ts';

/** A claimed idempotency key whose append never finished (its process died) may be taken over after this. */
const ABANDONED_CLAIM_MS = 30_000;

const claimIdOf = (streamId: string, key: string) =>
  `${streamId}|${createHash('sha256').update(key).digest('base64url')}`;

/** Idempotency keys per stream: claimed by one insert before an append, so a repeat finds the first one. */
export class IdempotencyClaims {
  private readonly claims: Collection<IdempotencyClaim>;
  private readonly commits: Collection<CommitDocument>;
  private readonly streams: StreamLoader;

  constructor(
    claims: Collection<IdempotencyClaim>,
    commits: Collection<CommitDocument>,
    streams: StreamLoader,
  ) {
    this.claims = claims;
    this.commits = commits;
    this.streams = streams;
  }

  async previous(streamId: string, idempotencyKey: string): Promise<AppendResult | undefined> {
    const claim = await this.claims.findOne({ _id: claimIdOf(streamId, idempotencyKey) });
    if (!claim) return undefined;
    if (claim.commitId) {
      const commit = await this.commits.findOne({ _id: claim.commitId });
      return commit?.idempotencyKey === idempotencyKey ? resultOf(commit, true) : undefined;
    }
    // A claim names no commit: the commit carrying the key, if it was stored, is in the stream.
    const { commits } = await this.streams.load(streamId, true);
    const commit = commits.find((c) => c.idempotencyKey === idempotencyKey);
    return commit ? resultOf(commit, true) : undefined;
  }

  /**
   * Claims an idempotency key: one insert, and the earlier append is looked up only when the key is taken.
   * Returns the first append's result when the key was used before. A caller that claims before its own
   * work (so that a repeat does none of it) appends with `keyClaimed` and calls `releaseClaim` on failure.
   */
  async claim(streamId: string, key: string): Promise<AppendResult | undefined> {
    const _id = claimIdOf(streamId, key);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.claims.insertOne({ _id, streamId, claimedAt: new Date() });
        return undefined;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      const earlier = await this.previous(streamId, key);
      if (earlier) return earlier;
      const claim = await this.claims.findOne({ _id });
      if (claim && Date.now() - claim.claimedAt.getTime() < ABANDONED_CLAIM_MS) {
        throw new FivesocError('CONFLICT', 'a request with this Idempotency-Key is still in progress', {
          streamId,
        });
      }
      await this.claims.deleteOne({ _id, commitId: { $exists: false } });
    }
    throw new FivesocError('CONFLICT', 'could not claim the Idempotency-Key', { streamId });
  }

  /**
   * Gives up a claim made by `claimKey` whose work failed, unless a commit carrying the key was stored (then
   * the append happened, and a repeat must find it). Only on the failure path, so the stream is read.
   */
  async release(streamId: string, key: string): Promise<void> {
    const { commits } = await this.streams.load(streamId, true);
    if (commits.some((c) => c.idempotencyKey === key)) return;
    await this.claims.deleteOne({ _id: claimIdOf(streamId, key), commitId: { $exists: false } });
  }

  /** Drops a claim this store made for an append that stored nothing. */
  async drop(streamId: string, key: string): Promise<void> {
    await this.claims.deleteOne({ _id: claimIdOf(streamId, key), commitId: { $exists: false } });
  }
}
