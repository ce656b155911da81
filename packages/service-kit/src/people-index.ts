import type { Collection, Db } from 'mongodb';
import {
  blindIndexes,
  LOOKUP_FIELDS,
  scoreMatch,
  type BlindIndexes,
  type Match,
  type MatchablePerson,
} from './people-match.ts';

/**
 * The blind index of a service's people (default collection `people_index`): what finds a possible
 * duplicate without any clear ID number, phone or name. FerretDB answers only `_id` lookups from an index
 * and decides races only by inserts, so every lookup here is by `_id` and every write an insert (or an
 * update of a document nobody else writes):
 *
 * - `person:<personId>` — the person's blind indexes (HMACs), their place and the record they belong to
 *   (`ref`: a need, a volunteer, a donor);
 * - `bi:<field>:<hmac>#<n>` — slot n (1, 2, …) of the people who share that value: a new person takes the
 *   first free slot by inserting it (a taken slot is a duplicate key: the next one is tried), and a reader
 *   reads slots from 1 until one is missing. A forgotten person's slot is emptied, never deleted (a gap
 *   would hide the slots after it).
 *
 * The HMACs are kept here and not in events: erasure must be able to take them away.
 */
export interface IndexedPerson {
  _id: string;
  personId: string;
  ref: string;
  districtCode: string;
  streetCode?: string;
  communityCode?: string;
  blind: BlindIndexes;
}
interface SlotRow {
  _id: string;
  personId: string | null;
}

export interface IndexCandidate {
  person: IndexedPerson;
  match: Match;
}

/**
 * Slots this process has seen, per database and value: slots are only ever added, so a reader goes on from
 * the last one it knows (one lookup, the miss after the end, for a warm value). A cached person who was
 * forgotten since has no person row any more, so they are dropped when the rows are read.
 */
const seen = new WeakMap<Db, Map<string, string[]>>();
const SEEN_VALUES = 20_000;
/**
 * A value shared by more people than this (a hotline, a shared office phone) is too common to match on: it
 * is not looked up, and takes no more slots.
 */
export const MAX_PEOPLE_PER_VALUE = 50;

const DUPLICATE_KEY = 11000;
const isDuplicateKey = (err: unknown) => (err as { code?: unknown } | null)?.code === DUPLICATE_KEY;
const slotBase = (field: string, mac: string) => `bi:${field}:${mac}`;

export class PeopleIndex {
  private readonly people: Collection<IndexedPerson>;
  private readonly slots: Collection<SlotRow>;
  private readonly key: Buffer;
  private readonly seen: Map<string, string[]>;

  constructor(db: Db, key: Buffer, collection = 'people_index') {
    this.key = key;
    let known = seen.get(db);
    if (!known) seen.set(db, (known = new Map<string, string[]>()));
    this.seen = known;
    this.people = db.collection<IndexedPerson>(collection);
    this.slots = db.collection<SlotRow>(collection);
  }

  /** The blind indexes of a person's data under this service's key (nothing is stored). */
  blindOf(data: MatchablePerson): BlindIndexes {
    return blindIndexes(this.key, data);
  }

  get(personId: string): Promise<IndexedPerson | null> {
    return this.people.findOne({ _id: `person:${personId}` });
  }

  /** Indexes a person: their HMACs only. A person indexed before (a retried request) is left as they are. */
  async index(person: Omit<IndexedPerson, '_id' | 'blind'>, data: MatchablePerson): Promise<void> {
    const blind = this.blindOf(data);
    try {
      await this.people.insertOne({ _id: `person:${person.personId}`, ...person, blind });
    } catch (err) {
      if (isDuplicateKey(err)) return;
      throw err;
    }
    await Promise.all(
      LOOKUP_FIELDS.flatMap((f) => (blind[f] ? [this.takeSlot(slotBase(f, blind[f]), person.personId)] : [])),
    );
  }

  /** A person's data changed (a new phone, a corrected name): forgotten and indexed again. */
  async reindex(person: Omit<IndexedPerson, '_id' | 'blind'>, data: MatchablePerson): Promise<void> {
    await this.forget(person.personId);
    await this.index(person, data);
  }

  /**
   * The indexed people who match these blind indexes by the weighted rules, best first; `exclude` (the
   * caller's own people, say) are left out before their rows are read.
   */
  async candidates(blind: BlindIndexes, exclude: ReadonlySet<string> = new Set()): Promise<IndexCandidate[]> {
    const ids = new Set<string>();
    const found = await Promise.all(
      LOOKUP_FIELDS.flatMap((f) => (blind[f] ? [this.readSlots(slotBase(f, blind[f]))] : [])),
    );
    for (const ofField of found) for (const id of ofField ?? []) if (!exclude.has(id)) ids.add(id);
    const people = await Promise.all([...ids].map((id) => this.get(id)));
    return people
      .flatMap((person) => {
        const match = person ? scoreMatch(blind, person.blind) : undefined;
        return person && match ? [{ person, match }] : [];
      })
      .sort((a, b) => b.match.score - a.match.score || a.person.personId.localeCompare(b.person.personId));
  }

  /** Erasure: the person's row goes and their slots are emptied, so nothing links their values to them. */
  async forget(personId: string): Promise<void> {
    const person = await this.get(personId);
    if (!person) return;
    await Promise.all(
      LOOKUP_FIELDS.map(async (f) => {
        const mac = person.blind[f];
        if (!mac) return;
        const base = slotBase(f, mac);
        for (let n = 1; ; n++) {
          const slot = await this.slots.findOne({ _id: `${base}#${n}` });
          if (!slot) return;
          if (slot.personId === personId)
            await this.slots.updateOne({ _id: slot._id }, { $set: { personId: null } });
          const known = this.seen.get(base);
          if (known?.[n - 1] === personId) known[n - 1] = '';
        }
      }),
    );
    await this.people.deleteOne({ _id: `person:${personId}` });
  }

  /**
   * The people in a value's slots (read on from the last slot this process knows until one is missing), or
   * `undefined` for a value too common to match on (more than MAX_PEOPLE_PER_VALUE slots: reading stops
   * there, so a hot value costs a bounded number of lookups even in a process that starts cold).
   */
  private async readSlots(base: string): Promise<string[] | undefined> {
    const known = [...(this.seen.get(base) ?? [])];
    for (let n = known.length + 1; n <= MAX_PEOPLE_PER_VALUE + 1; n++) {
      const slot = await this.slots.findOne({ _id: `${base}#${n}` });
      if (!slot) break;
      known.push(slot.personId ?? '');
    }
    this.remember(base, known);
    return known.length > MAX_PEOPLE_PER_VALUE ? undefined : known.filter((id) => id !== '');
  }

  private remember(base: string, slots: string[]): void {
    this.seen.delete(base);
    this.seen.set(base, slots);
    if (this.seen.size > SEEN_VALUES) this.seen.delete(this.seen.keys().next().value!);
  }

  /**
   * Takes the first free slot of a value (the insert decides a race; the same person again is skipped). A
   * value this process knows is not read first: the slot after the last it knows is tried at once. A value
   * it does not know tries slot 1 (a new value, the usual case, costs that insert alone), and only when
   * slot 1 is taken are the slots read, as a search would.
   */
  private async takeSlot(base: string, personId: string): Promise<void> {
    let known = this.seen.get(base);
    if (known === undefined) {
      if (await this.insertSlot(base, 1, personId)) {
        this.remember(base, [personId]);
        return;
      }
      if ((await this.readSlots(base)) === undefined) return;
      known = this.seen.get(base) ?? [];
      if (known.includes(personId)) return;
    } else if (known.includes(personId)) {
      // Already in a slot (a retried request), unless that slot was emptied since (forgotten, then indexed again).
      const at = known.indexOf(personId);
      if ((await this.slots.findOne({ _id: `${base}#${at + 1}` }))?.personId === personId) return;
    }
    const slots = [...known];
    // A value too common to be looked up by (more than MAX_PEOPLE_PER_VALUE) takes no more people.
    for (let n = slots.length + 1; n <= MAX_PEOPLE_PER_VALUE + 1; n++) {
      if (await this.insertSlot(base, n, personId)) {
        this.remember(base, [...slots, personId]);
        return;
      }
      const taken = await this.slots.findOne({ _id: `${base}#${n}` });
      slots.push(taken?.personId ?? '');
      if (taken?.personId === personId) return;
    }
  }

  /** Inserts slot n of a value: false when it is taken. */
  private async insertSlot(base: string, n: number, personId: string): Promise<boolean> {
    try {
      await this.slots.insertOne({ _id: `${base}#${n}`, personId });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }
}
