import { FivesocError } from '@fivesoc/service-kit';

/** A message that can never be handled (malformed, fails its schema): straight to the dead-letter topic. */
export class PoisonMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoisonMessageError';
  }
}

const TRANSIENT_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'KafkaJSConnectionError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNumberOfRetriesExceeded',
]);

/**
 * Transient: the dependency will likely answer later, so retry (with backoff) without giving up. Anything
 * else is retried a few times and then dead-lettered, so one bad message never stalls its partition.
 */
export function isTransient(err: unknown): boolean {
  if (err instanceof PoisonMessageError) return false;
  if (err instanceof FivesocError) return err.code === 'UNAVAILABLE';
  const e = err as { name?: string; retriable?: boolean; transient?: boolean } | undefined;
  return Boolean(e && (TRANSIENT_NAMES.has(e.name ?? '') || e.transient === true));
}
