import type { Collection, Db } from 'mongodb';
import { isDuplicateKey } from '../eventStore/index.ts';

interface LeaseDocument {
  _id: string;
  name: string;
  epoch: number;
  holder: string;
  expiresAt: Date;
}

const idOf = (name: string, epoch: number) => `${name}#${String(epoch).padStart(10, '0')}`;

/**
 * A lease with epochs: taking it over means inserting the next epoch's document, a unique-key race only
 * one instance can win (conditional updates are not atomic on every MongoDB-wire server). The holder renews
 * by writing its own epoch's document, which nobody else writes. Expiry compares the instances' clocks:
 * keep the TTL well above clock skew and above the longest publish.
 */
export class Lease {
  readonly name: string;
  readonly holder: string;
  readonly ttlMs: number;
  private readonly leases: Collection<LeaseDocument>;
  private epoch = 0;
  /** When this instance last saw itself as holder, by its own clock. */
  private heldSince: number | undefined;

  constructor(db: Db, name: string, holder: string, ttlMs: number, collection = 'es_leases') {
    this.name = name;
    this.holder = holder;
    this.ttlMs = ttlMs;
    this.leases = db.collection<LeaseDocument>(collection);
  }

  /** The newest epoch's document, found by `_id` from the last epoch seen. */
  private async latest(): Promise<LeaseDocument | undefined> {
    let doc = this.epoch > 0 ? await this.leases.findOne({ _id: idOf(this.name, this.epoch) }) : null;
    for (;;) {
      const next = await this.leases.findOne({ _id: idOf(this.name, this.epoch + 1) });
      if (!next) return doc ?? undefined;
      doc = next;
      this.epoch = next.epoch;
    }
  }

  /**
   * Takes or renews the lease; true when this instance holds it. A holder renews only once a third of
   * the TTL has passed since its last renewal (its lease then still has two thirds to run, and nobody may
   * take it before it expires), so a relay polling often does not write the lease on every poll;
   * `renew` renews now.
   */
  async acquire(now = new Date(), renew = false): Promise<boolean> {
    if (!renew && this.heldSince !== undefined && now.getTime() - this.heldSince < this.ttlMs / 3)
      return true;
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    if (this.heldSince !== undefined && this.epoch > 0) {
      // The holder renews without reading first: nobody else writes its epoch's document, and a rival
      // can only have taken a later epoch, which the lookup after the write finds (two commands, not four).
      await this.leases.updateOne(
        { _id: idOf(this.name, this.epoch), holder: this.holder },
        { $set: { expiresAt } },
      );
      if (await this.leases.findOne({ _id: idOf(this.name, this.epoch + 1) })) return this.lost();
      this.heldSince = now.getTime();
      return true;
    }
    const current = await this.latest();
    if (current?.holder === this.holder) {
      await this.leases.updateOne({ _id: current._id }, { $set: { expiresAt } });
      // A rival may have taken the next epoch while we wrote: only then is the renewal void.
      if (await this.leases.findOne({ _id: idOf(this.name, current.epoch + 1) })) return this.lost();
      this.heldSince = now.getTime();
      return true;
    }
    if (current && current.expiresAt > now) return this.lost();
    const epoch = (current?.epoch ?? 0) + 1;
    try {
      await this.leases.insertOne({
        _id: idOf(this.name, epoch),
        name: this.name,
        epoch,
        holder: this.holder,
        expiresAt,
      });
      this.epoch = epoch;
      this.heldSince = now.getTime();
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return this.lost();
      throw err;
    }
  }

  private lost(): false {
    this.heldSince = undefined;
    return false;
  }

  /** True while the lease taken at the last `acquire` still has at least `marginMs` to run. */
  stillHeld(marginMs: number, now = Date.now()): boolean {
    return this.heldSince !== undefined && now - this.heldSince < this.ttlMs - marginMs;
  }

  /** Lets the lease run out now, so another instance can take over at once. */
  async release(): Promise<void> {
    if (this.heldSince === undefined) return;
    this.heldSince = undefined;
    await this.leases.updateOne(
      { _id: idOf(this.name, this.epoch), holder: this.holder },
      { $set: { expiresAt: new Date(0) } },
    );
  }

  async currentHolder(now = new Date()): Promise<string | undefined> {
    const doc = await this.latest();
    return doc && doc.expiresAt > now ? doc.holder : undefined;
  }
}
