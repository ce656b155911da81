import { fold } from '@fivesoc/eventing';
import { personStreamId } from '../domain/needs/index.ts';
import { personDecider, type PersonEvent, type PersonState } from '../domain/people/index.ts';
import { mergeReservation } from '../projections/peopleIndex.ts';
import type { Deps } from './deps.ts';

/** A person's stream folded: the people merged into them, and whether they were erased. */
export async function personState(deps: Deps, personId: string): Promise<PersonState> {
  const events = await deps.store.readStream(personStreamId(personId));
  return fold(personDecider, events as unknown as PersonEvent[]);
}

/** The survivor a person is merged into, as the survivor's stream says (a stale reservation is ignored). */
export async function mergedInto(deps: Deps, personId: string): Promise<string | undefined> {
  const into = await mergeReservation(deps.db, personId);
  if (!into) return undefined;
  const survivor = await personState(deps, into);
  return survivor.parts.some((p) => p.personId === personId) ? into : undefined;
}
