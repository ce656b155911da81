import { aggregate } from '@fivesoc/eventing';
import { personStreamId } from '../domain/needs/index.ts';
import { personDecider, type PersonState } from '../domain/people/index.ts';
import { mergeReservation } from '../projections/peopleIndex.ts';
import type { Deps } from './deps.ts';

/** A person's stream folded: the people merged into them, and whether they were erased. */
export async function personState(deps: Deps, personId: string): Promise<PersonState> {
  return (await aggregate(deps.store, personDecider, personStreamId(personId))).state;
}

/** The survivor a person is merged into, as the survivor's stream says (a stale reservation is ignored). */
export async function mergedInto(deps: Deps, personId: string): Promise<string | undefined> {
  const into = await mergeReservation(deps.db, personId);
  if (!into) return undefined;
  const survivor = await personState(deps, into);
  return survivor.parts.some((p) => p.personId === personId) ? into : undefined;
}
