/**
 * Test process: runs one relay until killed. Env: MONGODB_URL, DB, KAFKA_BROKERS, TOPIC, INSTANCE,
 * LEASE_TTL_MS, KILL_AFTER_SEND (probability of dying right after Kafka acknowledged a batch, before the
 * checkpoint moves: the crash point that makes duplicates). Prints `published <instance> <events> <startedAt> <endedAt>` per batch Kafka acknowledged.
 */
import { MongoClient } from 'mongodb';
import { Kafka, logLevel } from 'kafkajs';
import { pino } from 'pino';
import { MongoEventStore } from '../../eventStore/index.ts';
import { OutboxRelay } from '../../relay/index.ts';
import { sampleRegistry } from '../sampleDomain.ts';

const client = new MongoClient(process.env.MONGODB_URL!);
const store = new MongoEventStore({ db: client.db(process.env.DB), registry: sampleRegistry });
const kafka = new Kafka({ brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
const relay = new OutboxRelay({
  store,
  kafka,
  topic: process.env.TOPIC!,
  instanceId: process.env.INSTANCE!,
  leaseTtlMs: Number(process.env.LEASE_TTL_MS ?? 3000),
  batchSize: Number(process.env.BATCH ?? 200),
  sweepIntervalMs: Number(process.env.SWEEP_MS ?? 30_000),
  sweepGraceMs: 1000,
  logger: pino({ level: 'silent' }),
  onPublished: (i) => {
    process.stdout.write(`published ${i.instanceId} ${i.events} ${i.startedAt} ${i.endedAt}\n`);
    if (Math.random() < Number(process.env.KILL_AFTER_SEND ?? 0)) process.kill(process.pid, 'SIGKILL');
  },
});
await relay.start();
process.stdout.write('started\n');
process.on(
  'SIGTERM',
  () =>
    void relay
      .stop()
      .then(() => client.close())
      .then(() => process.exit(0)),
);
