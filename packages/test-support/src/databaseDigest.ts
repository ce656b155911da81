import { createHash } from 'node:crypto';
import type { Db } from 'mongodb';

/** A MongoDB database's whole content as one digest (leases and relay checkpoints left out: they tick). */
export async function databaseDigest(db: Db): Promise<string> {
  const hash = createHash('sha256');
  const names = (await db.listCollections({}, { nameOnly: true }).toArray())
    .map((c) => c.name)
    .filter((n) => !/lease|relay|consumer|offset|checkpoint|appenders/i.test(n))
    .sort();
  for (const name of names) {
    const docs = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
    hash.update(name).update(JSON.stringify(docs));
  }
  return hash.digest('hex');
}

/** Waits until two digests a while apart agree (projections and the relay have caught up). */
export async function settle(snapshot: () => Promise<string>, quietMs = 1200, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last = await snapshot();
  for (;;) {
    await new Promise((r) => setTimeout(r, quietMs));
    const now = await snapshot();
    if (now === last) return now;
    if (Date.now() > deadline) throw new Error('the service did not settle');
    last = now;
  }
}
