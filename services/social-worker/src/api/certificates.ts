import type { Collection } from 'mongodb';
import { AlreadyExistsError } from '@fivesoc/service-kit';
import { isDuplicateKey } from '@fivesoc/eventing';

/** A certificate number held by one worker: `_id` is the number, so the insert decides races. */
export interface CertificateReservation {
  _id: string;
  workerId: string;
  reservedAt: Date;
}

/**
 * Reserves `number` for `workerId` before the registration is appended. `'ours'` means this worker
 * already holds it (a retry), so a failure must not release it.
 */
export async function reserveCertificate(
  col: Collection<CertificateReservation>,
  number: string,
  workerId: string,
): Promise<'reserved' | 'ours'> {
  try {
    await col.insertOne({ _id: number, workerId, reservedAt: new Date() });
    return 'reserved';
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const holder = await col.findOne({ _id: number });
    if (holder?.workerId === workerId) return 'ours';
    throw new AlreadyExistsError('certificate', number);
  }
}

export async function releaseCertificate(
  col: Collection<CertificateReservation>,
  number: string,
  workerId: string,
): Promise<void> {
  await col.deleteOne({ _id: number, workerId });
}
