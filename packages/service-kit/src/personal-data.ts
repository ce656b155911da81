import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { z } from 'zod';
import { recordViewing, type Viewing } from './personal-data-access.ts';

/**
 * Personal data sealed for one person (PIPL): what events and query models store instead of clear text.
 * Each person has their own data key, itself sealed by the service's master key; erasing the person
 * deletes their key, after which every copy of their data — in events that can never change, in backups,
 * on Kafka — is unreadable ("crypto-shredding").
 */
export const sealedSchema = z.strictObject({
  personId: z.string().min(1).max(100),
  iv: z.string().max(40),
  data: z.string().max(20_000),
  tag: z.string().max(40),
});
export type Sealed = z.infer<typeof sealedSchema>;

interface PersonKeyDocument {
  _id: string;
  iv: string;
  key: string;
  tag: string;
  createdAt: Date;
}

const ALG = 'aes-256-gcm';

function seal(key: Buffer | KeyObject, plain: Buffer) {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALG, key, iv);
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    data: data.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

function open(key: Buffer | KeyObject, s: { iv: string; data: string; tag: string }): Buffer {
  const decipher = createDecipheriv(ALG, key, Buffer.from(s.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(s.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(s.data, 'base64')), decipher.final()]);
}

/** Reads a base64 master key of 32 bytes, naming the variable when it is not one. */
export function parseMasterKey(value: string | undefined, variable = 'PII_MASTER_KEY'): Buffer {
  const key = Buffer.from(value ?? '', 'base64');
  if (key.length !== 32)
    throw new Error(`${variable} must be 32 bytes, base64-encoded (openssl rand -base64 32)`);
  return key;
}

export class PersonalDataVault {
  private readonly keys: Collection<PersonKeyDocument>;
  /** A key object made once: a Buffer key is imported again on every cipher. */
  private readonly master: KeyObject;
  private readonly db: Db;

  constructor(db: Db, masterKey: Buffer, collection = 'person_keys') {
    this.db = db;
    if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
    this.keys = db.collection<PersonKeyDocument>(collection);
    this.master = createSecretKey(masterKey);
  }

  private async keyFor(personId: string, create: boolean): Promise<Buffer | undefined> {
    const doc = await this.keys.findOne({ _id: personId });
    if (doc) return open(this.master, { iv: doc.iv, data: doc.key, tag: doc.tag });
    if (!create) return undefined;
    const key = randomBytes(32);
    const sealedKey = seal(this.master, key);
    try {
      await this.keys.insertOne({
        _id: personId,
        iv: sealedKey.iv,
        key: sealedKey.data,
        tag: sealedKey.tag,
        createdAt: new Date(),
      });
      return key;
    } catch (err) {
      // Another request made this person's key first (inserts decide races): use theirs.
      if ((err as { code?: number }).code === 11000) return this.keyFor(personId, false);
      throw err;
    }
  }

  async seal(personId: string, data: unknown): Promise<Sealed> {
    const key = await this.keyFor(personId, true);
    return { personId, ...seal(key!, Buffer.from(JSON.stringify(data))) };
  }

  /**
   * Seals data for several people at once, making their keys in one write. For ids made just now (a
   * fresh UUID) or whose key may exist already (an id derived from a retried request): a key that exists
   * is used as `seal` would.
   */
  async sealMany(items: readonly { personId: string; data: unknown }[]): Promise<Sealed[]> {
    const keys: Buffer[] = items.map(() => randomBytes(32));
    const docs = items.map((it, i) => {
      const sealedKey = seal(this.master, keys[i]!);
      return {
        _id: it.personId,
        iv: sealedKey.iv,
        key: sealedKey.data,
        tag: sealedKey.tag,
        createdAt: new Date(),
      };
    });
    if (docs.length > 0) {
      try {
        await this.keys.insertMany(docs, { ordered: false });
      } catch (err) {
        const writeErrors = (err as { writeErrors?: unknown }).writeErrors;
        const failed = writeErrors
          ? (Array.isArray(writeErrors) ? writeErrors : [writeErrors]).map(
              (e: { index: number; code?: number }) => e,
            )
          : (err as { code?: number }).code === 11000 && docs.length === 1
            ? [{ index: 0, code: 11000 }]
            : undefined;
        if (!failed || failed.some((e) => e.code !== 11000)) throw err;
        // The person had a key already (inserts decide races): use theirs.
        for (const e of failed) keys[e.index] = (await this.keyFor(items[e.index]!.personId, false))!;
      }
    }
    return items.map((it, i) => ({
      personId: it.personId,
      ...seal(keys[i]!, Buffer.from(JSON.stringify(it.data))),
    }));
  }

  /**
   * The data, or null once the person has been erased. A copy sealed under an erased key stays erased
   * when the same person id gets a key again later (a new registration after erasure): the new key does
   * not open it, and that is answered as erased, not as an error.
   */
  async open<T = unknown>(s: Sealed): Promise<T | null> {
    const key = await this.keyFor(s.personId, false);
    if (!key) return null;
    let plain: Buffer;
    try {
      plain = open(key, s);
    } catch {
      return null;
    }
    return JSON.parse(plain.toString()) as T;
  }

  /**
   * Opens the data for a caller and records that it was read (`PersonalDataViewed`: who, when, by which
   * route and why); nothing is recorded when the person was erased (nothing was read).
   */
  async openFor<T = unknown>(s: Sealed, viewing: Viewing): Promise<T | null> {
    const data = await this.open<T>(s);
    if (data !== null) await recordViewing(this.db, s.personId, viewing);
    return data;
  }

  /** Erases a person: their key goes, and with it every sealed copy of their data. */
  async erase(personId: string): Promise<boolean> {
    return (await this.keys.deleteOne({ _id: personId })).deletedCount === 1;
  }
}
