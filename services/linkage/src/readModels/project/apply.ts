import type { Collection } from 'mongodb';
import { foldInto, type EventEnvelope, type Fold } from '@fivesoc/eventing';
import type { SourceDoc } from '../collections.ts';

export type { Fold };
export type Fields<T extends SourceDoc> = Omit<T, '_id' | '_v'>;
/** What one event does to one read-model document: its new fields, or null for "nothing". */
export type Step<T extends SourceDoc> = (current: Fields<T> | null) => Fields<T> | null;

export type Handler = (event: EventEnvelope) => Fold;
/** Handlers of one society's topic by event type; a type not listed is ignored. */
export type Handlers = Record<string, Handler>;

/**
 * The event folded into the document of its own stream (`_id` = stream id, `_v` = stream version).
 * Handlers are pure (they only read and validate the payload), so the consumer folds a whole batch in
 * memory and writes each document once.
 */
export function fold<T extends SourceDoc>(
  collection: Collection<T>,
  event: EventEnvelope,
  step: Step<T>,
): Fold<T> {
  return foldInto(collection, event.streamId, event, step);
}
