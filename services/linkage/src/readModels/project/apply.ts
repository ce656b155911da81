import type { Collection } from 'mongodb';
import { applyOnce, type EventEnvelope } from '@fivesoc/eventing';
import type { SourceDoc } from '../collections.ts';

export type Fields<T extends SourceDoc> = Omit<T, '_id' | '_v'>;
/** What one event does to one read-model document: its new fields, or null for "nothing". */
export type Step<T extends SourceDoc> = (current: Fields<T> | null) => Fields<T> | null;
export type Handler = (event: EventEnvelope) => Promise<void>;
/** Handlers of one society's topic by event type; a type not listed is ignored. */
export type Handlers = Record<string, Handler>;

/**
 * Folds one event into the document of its source stream: reads it, computes the next fields from it
 * (pure), and writes them with `applyOnce`, so a redelivered or older event changes nothing. Safe because
 * one stream's events arrive in order, one at a time (one key, one partition).
 */
export async function fold<T extends SourceDoc>(
  collection: Collection<T>,
  event: EventEnvelope,
  step: Step<T>,
): Promise<void> {
  const current = await collection.findOne({ _id: event.streamId } as never);
  if (current && typeof current._v === 'number' && current._v >= event.streamVersion) return;
  let fields: Fields<T> | null = null;
  if (current) {
    const { _id, _v, ...rest } = current as unknown as T;
    void _id;
    void _v;
    fields = rest;
  }
  const next = step(fields);
  if (!next) return;
  await applyOnce(collection, event.streamId, event.streamVersion, { $set: next } as never);
}
