import type { MongoEventStore } from '../eventStore/index.ts';
import {
  collectionNames,
  logIdOf,
  type CommitDocument,
  type HintDocument,
  type LogEntry,
} from '../eventStore/documents.ts';
import { Lease } from '../relay/lease.ts';

export interface OutboxStatus {
  topic: string;
  /** The log position the relay has published up to, and the last position stored. */
  checkpoint: number;
  head: number;
  /** Commits stored but not yet acknowledged by Kafka (head − checkpoint). */
  backlog: number;
  /** Age of the oldest of them (0 when there is none). */
  oldestAgeSeconds: number;
  /** The relay instance holding the lease now, if any. */
  leaseHolder: string | null;
}

/**
 * What the relay still owes Kafka, found by `_id` only (FerretDB indexes nothing else): the checkpoint, the
 * log's head by a galloping search upward from the checkpoint or the head hint (about 2·log2(backlog)
 * lookups), the oldest unpublished commit by its log entry.
 */
export async function outboxStatus(
  store: MongoEventStore,
  topic: string,
  now = Date.now(),
): Promise<OutboxStatus> {
  const names = collectionNames(store.prefix);
  const db = store.db;
  const log = db.collection<LogEntry>(names.log);
  const [cp, hint] = await Promise.all([
    db.collection<{ _id: string; position: number }>(names.relay).findOne({ _id: `checkpoint:${topic}` }),
    db.collection<HintDocument>(names.hints).findOne({ _id: 'log-head' }),
  ]);
  const checkpoint = cp?.position ?? 0;
  const exists = async (p: number) =>
    p <= 0 || (await log.findOne({ _id: logIdOf(p) }, { projection: { _id: 1 } })) !== null;
  // Highest position known to exist, then gallop to the first missing one and bisect back.
  let low = Math.max(checkpoint, hint?.value ?? 0);
  if (!(await exists(low))) low = checkpoint;
  let step = 1;
  let high = low + step;
  while (await exists(high)) {
    low = high;
    step *= 2;
    high = low + step;
  }
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (await exists(mid)) low = mid;
    else high = mid;
  }
  const head = Math.max(low, checkpoint);
  let oldestAgeSeconds = 0;
  if (head > checkpoint) {
    const entry = await log.findOne({ _id: logIdOf(checkpoint + 1) });
    const committedAt =
      entry?.commit?.committedAt ??
      (entry?.commitId
        ? (
            await db
              .collection<CommitDocument>(names.commits)
              .findOne({ _id: entry.commitId }, { projection: { committedAt: 1 } })
          )?.committedAt
        : undefined);
    if (committedAt) oldestAgeSeconds = Math.max(0, (now - new Date(committedAt).getTime()) / 1000);
  }
  const holder = await new Lease(db, `relay:${topic}`, 'observer', 1, names.leases).currentHolder(
    new Date(now),
  );
  return {
    topic,
    checkpoint,
    head,
    backlog: head - checkpoint,
    oldestAgeSeconds,
    leaseHolder: holder ?? null,
  };
}
