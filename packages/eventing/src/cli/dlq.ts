/**
 * Dead letters for ops, with the same code as the flow-health API (`/v1/ops/dead-letters`):
 *   ./fivesoc dlq list <group|dlq-topic> [--limit 100] [--json]        what failed, why (a histogram), what became of it
 *   ./fivesoc dlq replay <group|dlq-topic> <id|all> [<id> …] [--dry-run] [--force]
 * Ids as listed (<partition>:<offset>). Replays are recorded in the owning service's database (the group's
 * prefix, e.g. `fivesoc_linkage` for `fivesoc_linkage.case-saga`; --db to name another), and a letter
 * replayed and dead-lettered again 3 times is held unless --force. The dry run checks each letter's envelope
 * (the service's own dry run also checks its payload against the contracts).
 */
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { inspectDeadLetters, planReplay, replayPlanned } from '../ops/deadLetterOps.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    limit: { type: 'string', default: '100' },
    json: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    db: { type: 'string' },
  },
});
const [command, target, ...ids] = positionals;
const brokers = process.env.KAFKA_BROKERS?.split(',');
const mongoUrl = process.env.MONGODB_URL;
const usage =
  'usage: dlq list <group|dlq-topic> [--limit N] [--json] | dlq replay <group|dlq-topic> <id|all> [<id> …] [--dry-run] [--force] [--db NAME]';
if (!brokers || !mongoUrl) {
  console.error(
    'dlq: KAFKA_BROKERS and MONGODB_URL must be set (./fivesoc dlq sets them from the native stack)',
  );
  process.exit(2);
}
if (!target || (command !== 'list' && command !== 'replay') || (command === 'replay' && ids.length === 0)) {
  console.error(usage);
  process.exit(2);
}
const topic = target.endsWith('.dlq') ? target : `${target}.dlq`;
const dbName = values.db ?? topic.split('.')[0]!;
const kafka = new Kafka({ clientId: 'fivesoc-dlq', brokers, logLevel: logLevel.NOTHING });
const mongo = await new MongoClient(mongoUrl).connect();
try {
  const db = mongo.db(dbName);
  const { letters, reasons } = await inspectDeadLetters(kafka, db, topic, { limit: Number(values.limit) });
  if (command === 'list') {
    if (values.json) console.log(JSON.stringify({ topic, reasons, letters }, null, 2));
    else if (letters.length === 0) console.log(`${topic}: no dead letters`);
    else {
      for (const l of letters) {
        console.log(
          `${l.id}\t${l.status}\t${l.failedAt}\t${l.originalTopic}#${l.originalPartition}@${l.originalOffset}\t${l.eventType ?? '-'}\t${l.eventId ?? '-'}\tattempts=${l.attempts}\treplays=${l.replays}\t${l.errorName}: ${l.error}`,
        );
      }
      console.log('\nreasons (letters not yet replayed):');
      for (const r of reasons) console.log(`  ${String(r.count).padStart(5)}  ${r.reason}`);
    }
  } else {
    const selection = ids.includes('all') ? { all: true as const } : { ids };
    const { items, missing } = planReplay(letters, selection, { force: values.force });
    if (missing.length > 0) {
      console.error(`dlq: no dead letter ${missing.join(', ')} in ${topic}`);
      process.exitCode = 1;
    } else if (values['dry-run']) {
      for (const i of items) {
        console.log(
          `${i.id}\t${i.action}\t→ ${i.topic}${i.key ? ` key ${i.key}` : ''}\t${i.eventType ?? '-'}\t${i.wouldFailAgain ? `would fail again: ${i.wouldFailAgain}` : (i.note ?? '')}`,
        );
      }
    } else {
      const r = await replayPlanned(kafka, db, topic, letters, items, `cli:${process.env.USER ?? 'ops'}`);
      console.log(
        `replayed ${r.sent.length} dead letter(s) to their original topics; held ${r.held.length} (loop guard, --force to send), skipped ${r.skipped.length} already replayed`,
      );
    }
  }
} finally {
  await mongo.close();
}
