import type { Decider, MongoEventStore } from '@fivesoc/eventing';
import type { NewEvent, StoredEvent } from '@fivesoc/eventing';

/** An aggregate's state from its stream, with the stream's version (0 when it does not exist). */
export async function load<S, C, E extends NewEvent>(
  store: MongoEventStore,
  decider: Decider<S, C, E>,
  streamId: string,
): Promise<{ state: S; version: number; events: StoredEvent[] }> {
  const events = await store.readStream(streamId);
  const state = events.reduce((s, e) => decider.evolve(s, e as unknown as E), decider.initialState());
  return { state, version: events.at(-1)?.streamVersion ?? 0, events };
}
