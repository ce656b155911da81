import { IllegalStateError, ValidationError } from '@fivesoc/service-kit';
import type { Decider } from '@fivesoc/eventing';

/** The merged parts of a survivor, folded from its person stream (`person-<id>`). */
export interface PersonState {
  personId: string;
  /** Merged into this person, in merge order: id and need. */
  parts: { personId: string; needId: string }[];
  /** Whether this person's data key was erased (`PersonalDataErased` on the same stream). */
  erased: boolean;
}

export type PersonEvent =
  | { type: 'PeopleMerged'; payload: { personId: string; mergedId: string; mergedNeedId: string } }
  | { type: 'PeopleUnmerged'; payload: { personId: string; mergedId: string } }
  | { type: 'PersonalDataErased'; payload: { personId: string; needId?: string } };

export type PersonCommand =
  | { kind: 'merge'; personId: string; mergedId: string; mergedNeedId: string }
  | { kind: 'unmerge'; personId: string; mergedId: string };

/**
 * A survivor takes a person in, or gives them back. Only one level: the survivor's own merge state (is it
 * merged into someone?) and the merged person's parts are checked by the route before (they live on other
 * streams); this stream decides that a part is taken in once and given back once.
 */
export const personDecider: Decider<PersonState, PersonCommand, PersonEvent> = {
  initialState: () => ({ personId: '', parts: [], erased: false }),
  decide(c, s) {
    if (c.personId === c.mergedId)
      throw new ValidationError('body.into', 'a person cannot be merged into themselves');
    const has = s.parts.some((p) => p.personId === c.mergedId);
    if (c.kind === 'merge') {
      if (s.erased) throw new IllegalStateError(`person ${c.personId} was erased`);
      if (has) return [];
      const { personId, mergedId, mergedNeedId } = c;
      return [{ type: 'PeopleMerged', payload: { personId, mergedId, mergedNeedId } }];
    }
    if (!has) throw new IllegalStateError(`person ${c.mergedId} is not merged into ${c.personId}`);
    return [{ type: 'PeopleUnmerged', payload: { personId: c.personId, mergedId: c.mergedId } }];
  },
  evolve(s, e) {
    switch (e.type) {
      case 'PeopleMerged':
        return {
          ...s,
          personId: e.payload.personId,
          parts: [...s.parts, { personId: e.payload.mergedId, needId: e.payload.mergedNeedId }],
        };
      case 'PeopleUnmerged':
        return { ...s, parts: s.parts.filter((p) => p.personId !== e.payload.mergedId) };
      case 'PersonalDataErased':
        return { ...s, personId: e.payload.personId, erased: true };
      default:
        return s;
    }
  },
};

/** The pair's own stream: "not a duplicate" is recorded once (a repeat stores nothing). */
export interface PairState {
  distinct: boolean;
}
export type PairEvent = { type: 'PeopleMarkedDistinct'; payload: { personId: string; otherId: string } };
export type PairCommand = { kind: 'markDistinct'; personId: string; otherId: string };

export const pairDecider: Decider<PairState, PairCommand, PairEvent> = {
  initialState: () => ({ distinct: false }),
  decide(c, s) {
    if (c.personId === c.otherId) throw new ValidationError('body.of', 'is the person themselves');
    if (s.distinct) return [];
    return [{ type: 'PeopleMarkedDistinct', payload: { personId: c.personId, otherId: c.otherId } }];
  },
  evolve: (s, e) => (e.type === 'PeopleMarkedDistinct' ? { distinct: true } : s),
};

/** The stream of a pair of people, the same whichever is named first. */
export const pairStreamId = (a: string, b: string): string => `people-pair-${[a, b].sort().join('+')}`;
