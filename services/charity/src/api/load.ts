import {
  aggregate,
  type Aggregate,
  type Decider,
  type MongoEventStore,
  type NewEvent,
} from '@fivesoc/eventing';

/** An aggregate's state from its stream, with the stream's version (0 when it does not exist). */
export async function load<S, C, E extends NewEvent>(
  store: MongoEventStore,
  decider: Decider<S, C, E>,
  streamId: string,
): Promise<Aggregate<S, E>> {
  return aggregate(store, decider, streamId);
}
