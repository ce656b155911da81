import { IllegalStateError, NotFoundError, ValidationError, type Sealed } from '@fivesoc/service-kit';
import type { Decider } from '@fivesoc/eventing';
import type { NeedCategory, Urgency } from './categories.ts';
import type { Consent } from './events.ts';

export interface NeedPlace {
  districtCode: string;
  streetCode: string;
  communityCode: string;
}
type Person = { personId: string; data: Sealed };

export type NeedEvent =
  | {
      type: 'NeedReported';
      payload: NeedPlace & {
        needId: string;
        category: NeedCategory;
        categoryListVersion: 1;
        urgency: Urgency;
        people: Person[];
        consent: Consent;
        description: Sealed;
      };
    }
  | {
      type: 'NeedUpdated';
      payload: NeedPlace & {
        needId: string;
        categoryListVersion: 1;
        category?: NeedCategory;
        urgency?: Urgency;
        description?: Sealed;
      };
    }
  | { type: 'NeedWithdrawn'; payload: NeedPlace & { needId: string; reason: WithdrawReason } };

type WithdrawReason = 'resident_request' | 'resolved_elsewhere' | 'duplicate' | 'reported_in_error' | 'other';

export type NeedCommand =
  | {
      kind: 'report';
      needId: string;
      place: NeedPlace;
      category: NeedCategory;
      urgency: Urgency;
      people: Person[];
      consent: Consent;
      description: Sealed;
    }
  | { kind: 'update'; category?: NeedCategory; urgency?: Urgency; description?: Sealed }
  | { kind: 'withdraw'; reason: WithdrawReason };

export interface NeedState {
  status: 'none' | 'reported' | 'withdrawn';
  needId: string;
  place?: NeedPlace;
  category?: NeedCategory;
  urgency?: Urgency;
  people: Person[];
  consent?: Consent;
  description?: Sealed;
}

function report(c: Extract<NeedCommand, { kind: 'report' }>, state: NeedState, now: Date): NeedEvent[] {
  if (state.status !== 'none') throw new IllegalStateError(`need ${c.needId} is already reported`);
  // PIPL: personal data of the people concerned is recorded only with their consent.
  if (c.people.length > 0 && !c.consent.given)
    throw new ValidationError('body.consent.given', 'people can be recorded only with consent');
  if (new Date(c.consent.at) > now) throw new ValidationError('body.consent.at', 'is in the future');
  const { needId, place, category, urgency, people, consent, description } = c;
  return [
    {
      type: 'NeedReported',
      payload: { needId, ...place, category, categoryListVersion: 1, urgency, people, consent, description },
    },
  ];
}

function requireOpen(state: NeedState): NeedPlace {
  if (state.status === 'none' || !state.place) throw new NotFoundError('need', state.needId || '?');
  if (state.status === 'withdrawn') throw new IllegalStateError('the need was withdrawn');
  return state.place;
}

/** A resident need: reported once (with consent for the people in it), updated while open, withdrawn. */
export const needDecider: Decider<NeedState, NeedCommand, NeedEvent> = {
  initialState: () => ({ status: 'none', needId: '', people: [] }),
  decide(command, state, { now }) {
    switch (command.kind) {
      case 'report':
        return report(command, state, now);
      case 'update': {
        const place = requireOpen(state);
        const { category, urgency, description } = command;
        if (category === undefined && urgency === undefined && description === undefined)
          throw new ValidationError('body', 'change at least one of category, urgency, description');
        const changes = {
          ...(category !== undefined && category !== state.category ? { category } : {}),
          ...(urgency !== undefined && urgency !== state.urgency ? { urgency } : {}),
          ...(description !== undefined ? { description } : {}),
        };
        if (Object.keys(changes).length === 0) return [];
        return [
          {
            type: 'NeedUpdated',
            payload: { needId: state.needId, ...place, categoryListVersion: 1, ...changes },
          },
        ];
      }
      case 'withdraw': {
        const place = requireOpen(state);
        return [
          { type: 'NeedWithdrawn', payload: { needId: state.needId, ...place, reason: command.reason } },
        ];
      }
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'NeedReported': {
        const {
          needId,
          category,
          urgency,
          people,
          consent,
          description,
          districtCode,
          streetCode,
          communityCode,
        } = event.payload;
        const place = { districtCode, streetCode, communityCode };
        return {
          ...state,
          status: 'reported',
          needId,
          place,
          category,
          urgency,
          people,
          consent,
          description,
        };
      }
      case 'NeedUpdated': {
        const p = event.payload;
        return {
          ...state,
          ...(p.category ? { category: p.category } : {}),
          ...(p.urgency ? { urgency: p.urgency } : {}),
          ...(p.description ? { description: p.description } : {}),
        };
      }
      case 'NeedWithdrawn':
        return { ...state, status: 'withdrawn' };
      default:
        return state;
    }
  },
};
