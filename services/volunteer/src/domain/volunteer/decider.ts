import type { Sealed } from '@fivesoc/service-kit';
import { IllegalStateError, NotFoundError } from '@fivesoc/service-kit';
import type { Decider } from '@fivesoc/eventing';
import type { Profile, VolunteerEvent } from './events.ts';

export type VolunteerCommand =
  | { kind: 'register'; volunteerId: string; personal: Sealed; profile: Profile }
  | { kind: 'update'; volunteerId: string; personal?: Sealed; changes: Partial<Profile> }
  | { kind: 'erase'; volunteerId: string };

export type VolunteerState =
  | { status: 'none' }
  | { status: 'active' | 'erased'; volunteerId: string; personal: Sealed; profile: Profile };

const registered = (state: VolunteerState, id: string) => {
  if (state.status === 'none') throw new NotFoundError('volunteer', id);
  if (state.status === 'erased') throw new IllegalStateError('this volunteer has been erased');
  return state;
};

/** A registered volunteer (实名注册志愿者): registered once, updated, and erased (PIPL) for good. */
export const volunteerDecider: Decider<VolunteerState, VolunteerCommand, VolunteerEvent> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state) {
    switch (command.kind) {
      case 'register':
        if (state.status !== 'none') throw new IllegalStateError('this volunteer is already registered');
        return [
          {
            type: 'VolunteerRegistered',
            payload: { volunteerId: command.volunteerId, personal: command.personal, ...command.profile },
          },
        ];
      case 'update':
        registered(state, command.volunteerId);
        return [
          {
            type: 'VolunteerProfileUpdated',
            payload: {
              volunteerId: command.volunteerId,
              ...(command.personal ? { personal: command.personal } : {}),
              ...command.changes,
            },
          },
        ];
      case 'erase':
        registered(state, command.volunteerId);
        return [{ type: 'VolunteerErased', payload: { volunteerId: command.volunteerId } }];
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'VolunteerRegistered': {
        const { volunteerId, personal, ...profile } = event.payload;
        return { status: 'active', volunteerId, personal, profile };
      }
      case 'VolunteerProfileUpdated': {
        if (state.status === 'none') return state;
        const { volunteerId: _id, personal, ...changes } = event.payload;
        const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
        return { ...state, personal: personal ?? state.personal, profile: { ...state.profile, ...defined } };
      }
      case 'VolunteerErased':
        return state.status === 'none' ? state : { ...state, status: 'erased' };
      default:
        return state;
    }
  },
};
