import type { Collection, Document, UpdateFilter } from 'mongodb';
import { isDuplicateKey } from '../eventStore/index.ts';

/**
 * Applies an event's effect to a read-model document at most once: the document remembers the last
 * version of its source stream it applied (`_v`), and an event at or below it is a duplicate. The effect
 * and that mark are one write.
 *
 * The check and the write are two steps, each by `_id` (the lookup every MongoDB-wire server indexes).
 * That is safe because writes for one source stream are serialized: one stream is one partition, and a
 * partition is handled by one consumer at a time, one message after another.
 */
export async function applyOnce<T extends Document>(
  collection: Collection<T>,
  docId: string,
  sourceVersion: number,
  update: UpdateFilter<T>,
): Promise<'applied' | 'duplicate'> {
  const byId = { _id: docId } as never;
  // A stream's first event usually creates its document: one insert, and a duplicate key means the
  // document exists (a redelivery, or an earlier write), which the check below then decides.
  if (sourceVersion === 1 && Object.keys(update).every((k) => k === '$set')) {
    try {
      await collection.insertOne({ ...(update.$set as object), _id: docId, _v: 1 } as never);
      return 'applied';
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  const current = await collection.findOne(byId, { projection: { _v: 1 } });
  if (current && typeof current._v === 'number' && current._v >= sourceVersion) return 'duplicate';
  // Object.assign's type is the intersection, which a `$set` of T accepts (a spread's is not, for a generic T).
  const marked: UpdateFilter<T> = { ...update, $set: Object.assign({}, update.$set, { _v: sourceVersion }) };
  try {
    await collection.updateOne(byId, marked, { upsert: true });
  } catch (err) {
    // Only a first insert can collide (two upserts of a new document): the other one got there first.
    if (isDuplicateKey(err)) return applyOnce(collection, docId, sourceVersion, update);
    throw err;
  }
  return 'applied';
}
