/**
 * Test process: appends to the store until killed. Env: MONGODB_URL, DB, STREAMS (count), EVENTS (per
 * append), PAUSE_MS. Prints one line per acknowledged append: `ack <streamId> <toVersion>`.
 */
import { MongoClient } from 'mongodb';
import { MongoEventStore } from '../../eventStore/index.ts';
import { inc, meta, sampleRegistry } from '../sampleDomain.ts';

const client = new MongoClient(process.env.MONGODB_URL!);
const store = await new MongoEventStore({ db: client.db(process.env.DB), registry: sampleRegistry }).init();
const streams = Number(process.env.STREAMS ?? 10);
const perAppend = Number(process.env.EVENTS ?? 1);
const pause = Number(process.env.PAUSE_MS ?? 0);
const limit = Number(process.env.APPENDS ?? Number.MAX_SAFE_INTEGER);
const workers = Number(process.env.WORKERS ?? 1);
let n = 0;
await Promise.all(
  Array.from({ length: workers }, async (_, w) => {
    while (n < limit) {
      const streamId = `tally-${(n++ * workers + w) % streams}`;
      try {
        const r = await store.append(
          streamId,
          'any',
          Array.from({ length: perAppend }, (_, i) => inc(i + 1)),
          {
            metadata: meta(),
            occurredAt: new Date(),
          },
        );
        process.stdout.write(`ack ${streamId} ${r.toVersion}\n`);
      } catch (err) {
        if ((err as { code?: string }).code !== 'CONFLICT') throw err;
      }
      if (pause) await new Promise((r) => setTimeout(r, pause));
    }
  }),
);
await client.close();
process.stdout.write('done\n');
