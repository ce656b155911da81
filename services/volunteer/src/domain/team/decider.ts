import { IllegalStateError, NotFoundError } from '@fivesoc/service-kit';
import type { Decider } from '@fivesoc/eventing';
import type { PlaceCodes } from '../shared.ts';
import type { TeamEvent } from './events.ts';

export type TeamCommand =
  | { kind: 'form'; teamId: string; name: string; place: PlaceCodes; leaderId: string }
  | { kind: 'addMember' | 'removeMember' | 'changeLeader'; teamId: string; volunteerId: string };

export type TeamState =
  | { formed: false }
  | { formed: true; teamId: string; name: string; place: PlaceCodes; leaderId: string; members: string[] };

/** The leader is always a member; the leader cannot leave until another member leads. */
export const teamDecider: Decider<TeamState, TeamCommand, TeamEvent> = {
  initialState: () => ({ formed: false }),
  decide(command, state) {
    if (command.kind === 'form') {
      if (state.formed) throw new IllegalStateError('this team already exists');
      const { teamId, name, place, leaderId } = command;
      return [{ type: 'TeamFormed', payload: { teamId, name, place, leaderId } }];
    }
    if (!state.formed) throw new NotFoundError('team', command.teamId);
    const payload = { teamId: command.teamId, volunteerId: command.volunteerId };
    const member = state.members.includes(command.volunteerId);
    const kind = command.kind;
    switch (kind) {
      case 'addMember':
        return member ? [] : [{ type: 'TeamMemberAdded', payload }];
      case 'removeMember':
        if (!member) return [];
        if (state.leaderId === command.volunteerId)
          throw new IllegalStateError('the leader cannot leave; change the leader first');
        return [{ type: 'TeamMemberRemoved', payload }];
      case 'changeLeader':
        if (!member) throw new IllegalStateError('the new leader must be a member of the team');
        return state.leaderId === command.volunteerId ? [] : [{ type: 'TeamLeaderChanged', payload }];
      default: {
        const unreachable: never = kind;
        return unreachable;
      }
    }
  },
  evolve(state, event) {
    if (event.type === 'TeamFormed')
      return { formed: true, ...event.payload, members: [event.payload.leaderId] };
    if (!state.formed) return state;
    switch (event.type) {
      case 'TeamMemberAdded':
        return { ...state, members: [...state.members, event.payload.volunteerId] };
      case 'TeamMemberRemoved':
        return { ...state, members: state.members.filter((v) => v !== event.payload.volunteerId) };
      case 'TeamLeaderChanged':
        return { ...state, leaderId: event.payload.volunteerId };
      default:
        return state;
    }
  },
};
