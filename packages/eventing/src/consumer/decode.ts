import type { KafkaMessage } from 'kafkajs';
import { ValidationError } from '@fivesoc/service-kit';
import type { EventEnvelope, EventRegistry } from '../contracts/index.ts';
import { PoisonMessageError } from './errors.ts';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The envelope's own fields are there with their types (the payload is the registry's to check). */
function assertEnvelope(
  raw: Record<string, unknown>,
): asserts raw is Record<string, unknown> & EventEnvelope {
  for (const [field, kind] of [
    ['id', 'string'],
    ['streamId', 'string'],
    ['streamVersion', 'number'],
    ['type', 'string'],
    ['schemaVersion', 'number'],
    ['occurredAt', 'string'],
  ] as const) {
    if (typeof raw[field] !== kind) throw new PoisonMessageError(`envelope.${field} must be a ${kind}`);
  }
  if (!isObject(raw.metadata)) throw new PoisonMessageError('envelope.metadata must be an object');
}

/** Kafka message → envelope with its payload validated and read as the current schema version. */
export function decodeEnvelope(message: KafkaMessage, registry: EventRegistry | undefined): EventEnvelope {
  let raw: unknown;
  try {
    raw = JSON.parse(message.value?.toString() ?? '');
  } catch {
    throw new PoisonMessageError('value is not JSON');
  }
  if (!isObject(raw)) throw new PoisonMessageError('value is not an event envelope');
  assertEnvelope(raw);
  const env = raw;
  if (!registry) return env;
  if (!registry.has(env.type)) throw new PoisonMessageError(`unknown event type ${env.type}`);
  try {
    const { version, payload } = registry.upcast(env.type, env.schemaVersion, env.payload);
    return { ...env, schemaVersion: version, payload };
  } catch (err) {
    if (err instanceof ValidationError) throw new PoisonMessageError(`schema: ${err.message}`);
    throw err;
  }
}
