import type { Collection } from 'mongodb';
import type { EventEnvelope } from '@fivesoc/eventing';
import type { SourceDoc } from '../collections.ts';

export type Fields<T extends SourceDoc> = Omit<T, '_id' | '_v'>;
/** What one event does to one read-model document: its new fields, or null for "nothing". */
export type Step<T extends SourceDoc> = (current: Fields<T> | null) => Fields<T> | null;

/**
 * One event's effect on the document of its source stream, not yet applied: `step` folds the event into
 * the document `id` of `collection` as source version `version`. Handlers are pure (they only read and
 * validate the payload), so the consumer can fold a whole batch in memory and write each document once.
 */
export interface Fold {
  collection: Collection<SourceDoc>;
  id: string;
  version: number;
  step: Step<SourceDoc>;
}
export type Handler = (event: EventEnvelope) => Fold;
/** Handlers of one society's topic by event type; a type not listed is ignored. */
export type Handlers = Record<string, Handler>;

/** The event folded into the document of its own stream (`_id` = stream id, `_v` = stream version). */
export function fold<T extends SourceDoc>(
  collection: Collection<T>,
  event: EventEnvelope,
  step: Step<T>,
): Fold {
  return {
    collection: collection as unknown as Collection<SourceDoc>,
    id: event.streamId,
    version: event.streamVersion,
    step: step as unknown as Step<SourceDoc>,
  };
}
