import type { EventEnvelope, NewEvent } from './envelope.ts';
import type { EventContract } from './registry.ts';

/**
 * A guard for one aggregate's events among a topic's (`eventsOf<TreeEvent>(treeEvents)`): true when the
 * envelope's type is one of `contracts`. A consumer has read the payload through the registry (validated,
 * upcast to the current version), so the type also says the payload's shape.
 */
export function eventsOf<E extends NewEvent>(
  contracts: readonly EventContract[],
): (envelope: EventEnvelope) => envelope is EventEnvelope & E {
  const types = new Set(contracts.map((c) => c.type));
  return (envelope): envelope is EventEnvelope & E => types.has(envelope.type);
}
