/**
 * Dead letters for ops: list what failed and why, and send chosen letters back to their topic.
 *   ./fivesoc dlq list <dlq-topic> [--limit 100] [--json]
 *   ./fivesoc dlq replay <dlq-topic> <id|all> [<id> …]      (ids as listed: <partition>:<offset>)
 */
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { listDeadLetters, replayDeadLetters } from '../consumer/index.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { limit: { type: 'string', default: '100' }, json: { type: 'boolean', default: false } },
});
const [command, topic, ...ids] = positionals;
const brokers = process.env.KAFKA_BROKERS?.split(',');
const usage = 'usage: dlq list <dlq-topic> [--limit N] [--json] | dlq replay <dlq-topic> <id|all> [<id> …]';
if (!brokers) {
  console.error('dlq: KAFKA_BROKERS is not set (./fivesoc dlq sets it from the native stack)');
  process.exit(2);
}
if (!topic || (command !== 'list' && command !== 'replay') || (command === 'replay' && ids.length === 0)) {
  console.error(usage);
  process.exit(2);
}
const kafka = new Kafka({ clientId: 'fivesoc-dlq', brokers, logLevel: logLevel.NOTHING });
const letters = await listDeadLetters(kafka, topic, Number(values.limit));

if (command === 'list') {
  if (values.json) console.log(JSON.stringify(letters, null, 2));
  else if (letters.length === 0) console.log(`${topic}: no dead letters`);
  else {
    for (const l of letters) {
      console.log(
        `${l.id}\t${l.failedAt}\t${l.originalTopic}#${l.originalPartition}@${l.originalOffset}\t${l.eventType ?? '-'}\t${l.eventId ?? '-'}\tattempts=${l.attempts}\t${l.errorName}: ${l.error}`,
      );
    }
  }
} else {
  const chosen = ids.includes('all') ? letters : letters.filter((l) => ids.includes(l.id));
  const missing = ids.filter((id) => id !== 'all' && !letters.some((l) => l.id === id));
  if (missing.length > 0) {
    console.error(`dlq: no dead letter ${missing.join(', ')} in ${topic}`);
    process.exit(1);
  }
  console.log(`replayed ${await replayDeadLetters(kafka, chosen)} dead letter(s) to their original topics`);
}
