import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { freshDbName, useInfra } from '@fivesoc/test-support';
import { PersonalDataVault } from './personal-data.ts';

describe('personal data vault', () => {
  it('seals data per person, opens it, and makes it unreadable once the person is erased', async () => {
    const client = new MongoClient(useInfra().mongoUrl);
    const db = client.db(freshDbName('vault'));
    try {
      const vault = new PersonalDataVault(db, randomBytes(32));
      const sealed = await vault.seal('p-1', { name: '李四', phone: '13900000000' });
      expect(JSON.stringify(sealed)).not.toContain('李四');
      expect(await vault.open(sealed)).toEqual({ name: '李四', phone: '13900000000' });
      const other = await vault.seal('p-2', { name: '王五' });
      expect(await vault.erase('p-1')).toBe(true);
      expect(await vault.open(sealed)).toBeNull();
      expect(await vault.open(other)).toEqual({ name: '王五' });
      // The same id sealed again after erasure gets a new key; the erased copy stays erased, no error.
      const again = await vault.seal('p-1', { name: '赵六' });
      expect(await vault.open(sealed)).toBeNull();
      expect(await vault.open(again)).toEqual({ name: '赵六' });
      // Racing first seals for one person agree on one key.
      const many = await Promise.all(Array.from({ length: 5 }, (_, i) => vault.seal('p-3', { i })));
      for (const [i, s] of many.entries()) expect(await vault.open(s)).toEqual({ i });
    } finally {
      await db.dropDatabase();
      await client.close();
    }
  });
});
