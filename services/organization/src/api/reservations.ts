import type { Db } from 'mongodb';
import { AlreadyExistsError } from '@fivesoc/service-kit';

interface Reservation {
  _id: string;
  owner: string;
  at: Date;
}
const collection = (db: Db) => db.collection<Reservation>('credit_code_reservations');

/**
 * A unified social credit code is unique across organizations: it is claimed by inserting a document
 * whose `_id` is the code before the append (inserts are what the server decides atomically), and given
 * back when the append does not happen or the application is rejected.
 */
export async function withCreditCode<T>(
  db: Db,
  code: string,
  owner: string,
  append: () => Promise<T>,
): Promise<T> {
  try {
    await collection(db).insertOne({ _id: code, owner, at: new Date() });
  } catch (err) {
    if ((err as { code?: number }).code === 11000)
      throw new AlreadyExistsError('unified social credit code', code);
    throw err;
  }
  try {
    return await append();
  } catch (err) {
    await releaseCreditCode(db, code, owner);
    throw err;
  }
}

export async function releaseCreditCode(db: Db, code: string, owner: string): Promise<void> {
  const held = await collection(db).findOne({ _id: code });
  if (held?.owner === owner) await collection(db).deleteOne({ _id: code });
}
