import { MongoServerError, type Collection, type Document, type UpdateFilter } from 'mongodb';

/**
 * Applies an event's effect to a read-model document at most once: the document remembers the last
 * version of its source stream it applied (`_v`), and the update only matches an older one. Redelivered
 * or replayed events find nothing to update, so the effect and its "processed" mark are one write.
 */
export async function applyOnce<T extends Document>(
  collection: Collection<T>,
  docId: string,
  sourceVersion: number,
  update: UpdateFilter<T>,
): Promise<'applied' | 'duplicate'> {
  const set = { ...((update.$set as Record<string, unknown> | undefined) ?? {}), _v: sourceVersion };
  try {
    const res = await collection.updateOne(
      { _id: docId, $or: [{ _v: { $exists: false } }, { _v: { $lt: sourceVersion } }] } as never,
      { ...update, $set: set } as unknown as UpdateFilter<T>,
      { upsert: true },
    );
    return res.modifiedCount + res.upsertedCount > 0 ? 'applied' : 'duplicate';
  } catch (err) {
    // The document exists with `_v` at or past this version: the upsert's insert collided. Already applied.
    if (err instanceof MongoServerError && err.code === 11000) return 'duplicate';
    throw err;
  }
}
