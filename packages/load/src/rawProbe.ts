/**
 * The database server's own figure, beside the system's in the same run: how many plain `insertOne` a
 * second it takes from a few concurrent writers into a scratch database (dropped afterwards). A need costs
 * the system a known number of database commands (`--detail`), so this bounds the needs a second the
 * server alone allows, whatever the services do.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';

export interface RawProbe {
  writers: number;
  insertsPerSecond: number;
  meanMs: number;
}

export async function probeServer(url: string, writers: number, seconds: number): Promise<RawProbe> {
  const client = new MongoClient(url, { maxPoolSize: writers + 2 });
  const db = client.db(`fivesoc_rawprobe_${randomUUID().slice(0, 8)}`);
  try {
    const c = db.collection<{ _id: string; body: string }>('inserts');
    await c.insertOne({ _id: 'warm', body: '' });
    const body = 'x'.repeat(600); // about a commit's size
    const end = performance.now() + seconds * 1000;
    let n = 0;
    let spent = 0;
    const writer = async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await c.insertOne({ _id: randomUUID(), body });
        spent += performance.now() - t;
        n++;
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: writers }, writer));
    const wall = (performance.now() - t0) / 1000;
    return { writers, insertsPerSecond: n / wall, meanMs: spent / Math.max(1, n) };
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}
