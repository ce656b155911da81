import type { Db } from 'mongodb';
import { AlreadyExistsError } from '@fivesoc/service-kit';

/**
 * A unique value (a unit's code, a resident+subject pair) claimed by inserting a document whose `_id` is the
 * value, before the append: inserts are the one thing the server decides atomically. Released again when
 * the append does not happen.
 */
export async function reserve(
  db: Db,
  what: string,
  key: string,
  owner: string,
): Promise<() => Promise<void>> {
  const col = db.collection<{ _id: string; owner: string; at: Date }>('reservations');
  const _id = `${what}:${key}`;
  try {
    await col.insertOne({ _id, owner, at: new Date() });
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw new AlreadyExistsError(what, key);
    throw err;
  }
  return async () => {
    await col.deleteOne({ _id });
  };
}

/** Runs `append` holding the reservation; gives it back when the append fails. */
export async function withReservation<T>(
  db: Db,
  what: string,
  key: string,
  owner: string,
  append: () => Promise<T>,
): Promise<T> {
  const release = await reserve(db, what, key, owner);
  try {
    return await append();
  } catch (err) {
    await release();
    throw err;
  }
}
