import { describe, it } from 'vitest';
import { IllegalStateError, NotFoundError } from '@fivesoc/service-kit';
import { deciderSpec } from '@fivesoc/eventing/testing';
import { teamDecider } from './decider.ts';
import type { TeamEvent } from './events.ts';

const place = { districtCode: 'd1', streetCode: 's1', communityCode: 'c1' };
const formed: TeamEvent = {
  type: 'TeamFormed',
  payload: { teamId: 'T', name: '服务队', place, leaderId: 'a' },
};
const added: TeamEvent = { type: 'TeamMemberAdded', payload: { teamId: 'T', volunteerId: 'b' } };
const spec = deciderSpec(teamDecider, { now: new Date() });

describe('a volunteer team', () => {
  it('is formed once, its leader a member', () => {
    spec.given([]).when({ kind: 'form', teamId: 'T', name: '服务队', place, leaderId: 'a' }).then([formed]);
    spec
      .given([formed])
      .when({ kind: 'form', teamId: 'T', name: 'x', place, leaderId: 'a' })
      .thenThrows(IllegalStateError);
    spec.given([formed]).when({ kind: 'addMember', teamId: 'T', volunteerId: 'a' }).then([]);
  });
  it('keeps the leader until another member leads', () => {
    spec
      .given([formed, added])
      .when({ kind: 'removeMember', teamId: 'T', volunteerId: 'a' })
      .thenThrows(/leader/);
    spec
      .given([formed, added, { type: 'TeamLeaderChanged', payload: { teamId: 'T', volunteerId: 'b' } }])
      .when({ kind: 'removeMember', teamId: 'T', volunteerId: 'a' })
      .then([{ type: 'TeamMemberRemoved', payload: { teamId: 'T', volunteerId: 'a' } }]);
  });
  it('refuses a leader who is not a member, and commands to a team never formed', () => {
    spec
      .given([formed])
      .when({ kind: 'changeLeader', teamId: 'T', volunteerId: 'z' })
      .thenThrows(/member/);
    spec.given([]).when({ kind: 'addMember', teamId: 'T', volunteerId: 'z' }).thenThrows(NotFoundError);
  });
});
