import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { freshDbName, useInfra } from '@fivesoc/test-support';
import { MAX_PEOPLE_PER_VALUE, PeopleIndex } from './people-index.ts';
import { blindIndexKey } from './people-match.ts';

const place = { districtCode: '330102' };

describe('the blind people index', () => {
  it('finds people by _id slots, races to one slot each, stops matching on a value too common, and forgets', async () => {
    const client = new MongoClient(useInfra().mongoUrl);
    const db = client.db(freshDbName('people-index'));
    try {
      const key = blindIndexKey(randomBytes(32), 'test');
      const index = new PeopleIndex(db, key);
      // Racing registrations sharing a phone each get a slot of their own.
      const shared = Array.from({ length: 5 }, (_, i) => ({ personId: `p${i}`, ref: `r${i}`, ...place }));
      await Promise.all(shared.map((p, i) => index.index(p, { name: `人${i}`, phone: '13800000000' })));
      const byPhone = await new PeopleIndex(db, key).candidates(
        index.blindOf({ name: '人0', phone: '13800000000' }),
      );
      expect(byPhone.map((c) => c.person.personId)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
      expect(byPhone[0]!.match).toMatchObject({ level: 'possible', matched: ['phone', 'name'] });
      // A retried index of the same person takes no second slot.
      await index.index(shared[0]!, { name: '人0', phone: '13800000000' });
      expect(await db.collection('people_index').countDocuments({ _id: /^bi:phone:/ })).toBe(5);

      // Past MAX_PEOPLE_PER_VALUE the phone is not looked up any more (an ID number still is).
      for (let i = 5; i <= MAX_PEOPLE_PER_VALUE + 3; i++)
        await index.index(
          { personId: `p${i}`, ref: `r${i}`, ...place },
          { name: `人${i}`, phone: '13800000000' },
        );
      expect(await db.collection('people_index').countDocuments({ _id: /^bi:phone:/ })).toBe(
        MAX_PEOPLE_PER_VALUE + 1,
      );
      const cold = new PeopleIndex(db, key);
      expect(await cold.candidates(cold.blindOf({ name: '人0', phone: '13800000000' }))).toEqual([]);
      await index.index(
        { personId: 'q', ref: 'rq', ...place },
        { name: '钱七', idNumber: '33010219500101123X' },
      );
      const byId = await cold.candidates(cold.blindOf({ name: '钱七', idNumber: '330102 19500101 123x' }));
      expect(byId.map((c) => [c.person.personId, c.match.level])).toEqual([['q', 'likely']]);

      // Forgotten: the row goes, the slots are emptied (not deleted), the person is found no more.
      await index.forget('q');
      expect(await cold.candidates(cold.blindOf({ name: '钱七', idNumber: '33010219500101123X' }))).toEqual(
        [],
      );
      const slots = await db
        .collection('people_index')
        .find({ personId: null } as never)
        .toArray();
      expect(slots.length).toBeGreaterThan(0);
      // Indexed again (a corrected record), the person is found again.
      await index.reindex(
        { personId: 'q', ref: 'rq', ...place },
        { name: '钱七', idNumber: '33010219500101123X' },
      );
      const back = await new PeopleIndex(db, key).candidates(
        index.blindOf({ name: '钱七', idNumber: '33010219500101123X' }),
      );
      expect(back.map((c) => c.person.personId)).toEqual(['q']);
    } finally {
      await db.dropDatabase();
      await client.close();
    }
  }, 60_000);
});
