import type { Collection } from 'mongodb';
import type { EventEnvelope } from '../contracts/index.ts';

/** A read-model document: keyed by `_id`, remembering the last source version it applied (`_v`). */
export interface ReadModelDoc {
  _id: string;
  _v?: number;
}

/** A document's own fields: what a fold step sees and returns. */
export type DocFields<T extends ReadModelDoc> = Omit<T, '_id' | '_v'>;

/**
 * One event's effect on one read-model document, not yet applied: `step` folds the event into the
 * document `id` of `collection` as source version `version` (null in, null out: nothing to do).
 * Steps are pure, so a consumer can fold a whole batch in memory and write each document once.
 */
export interface Fold<T extends ReadModelDoc = ReadModelDoc> {
  /** The document's collection, by name: the consumer writes it through its own database. */
  collection: Pick<Collection<T>, 'collectionName' | 'dbName'>;
  id: string;
  version: number;
  // Method syntax: a fold of any document type is a fold (the projector only passes it its own fields).
  step(current: DocFields<T> | null): DocFields<T> | null;
}

/** What one event of a type does: its fold, or nothing for an event that changes no document. */
export type FoldHandler = (event: EventEnvelope) => Fold | Fold[] | undefined;
/** The handlers of one topic by event type; a type not listed is skipped (producers may add types). */
export type FoldHandlers = Readonly<Record<string, FoldHandler>>;

/** The event folded into document `id` of `collection` as the event's stream version. */
export function foldInto<T extends ReadModelDoc>(
  collection: Collection<T>,
  id: string,
  event: Pick<EventEnvelope, 'streamVersion'>,
  step: (current: DocFields<T> | null) => DocFields<T> | null,
): Fold<T> {
  return { collection, id, version: event.streamVersion, step };
}
