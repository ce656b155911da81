import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useInfra } from '@fivesoc/test-support';

interface PoolInternals {
  topology?: { s: { servers: Map<string, { pool: { options: Record<string, unknown> } }> } };
}

describe('the MongoDB driver at idle (patches/mongodb@7.9.0.patch)', () => {
  it('checks a pool with no minimum size every 10 s, not every 100 ms', async () => {
    const client = await new MongoClient(useInfra().mongoUrl).connect();
    try {
      await client.db('admin').command({ ping: 1 });
      const servers = [...((client as PoolInternals).topology?.s.servers.values() ?? [])];
      expect(servers.length).toBeGreaterThan(0);
      for (const s of servers)
        expect(s.pool.options).toMatchObject({ minPoolSize: 0, minPoolSizeCheckFrequencyMS: 10_000 });
    } finally {
      await client.close();
    }
  });

  it('keeps the 100 ms check for a pool that must hold a minimum of connections', async () => {
    const client = await new MongoClient(useInfra().mongoUrl, { minPoolSize: 1 }).connect();
    try {
      await client.db('admin').command({ ping: 1 });
      for (const s of (client as PoolInternals).topology?.s.servers.values() ?? [])
        expect(s.pool.options).toMatchObject({ minPoolSize: 1, minPoolSizeCheckFrequencyMS: 100 });
    } finally {
      await client.close();
    }
  });
});
