import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Where the event a consumer is handling came from, as Kafka delivered it: what an effect appended by the
 * handler records in its metadata (`cause`), so a flow's hops and their times can be read back from the
 * events alone: the cause decided (`occurredAt`), published (the Kafka timestamp), consumed (`consumedAt`).
 */
export interface EventCause {
  eventId: string;
  type: string;
  occurredAt: string;
  topic: string;
  partition: number;
  offset: string;
  /** The Kafka message timestamp: when the relay published the cause. */
  publishedAt: string;
  /** When this consumer began handling it. */
  consumedAt: string;
  group: string;
}

const storage = new AsyncLocalStorage<EventCause>();

export function withCause<T>(cause: EventCause, fn: () => Promise<T>): Promise<T> {
  return storage.run(cause, fn);
}

/** The cause of the handler running now, for an append's metadata (`{}` outside a handler). */
export function activeCause(): { cause?: EventCause } {
  const c = storage.getStore();
  return c ? { cause: c } : {};
}
