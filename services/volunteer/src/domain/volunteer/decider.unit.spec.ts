import { describe, it } from 'vitest';
import { IllegalStateError, NotFoundError } from '@fivesoc/service-kit';
import { deciderSpec } from '@fivesoc/eventing/testing';
import { volunteerDecider } from './decider.ts';
import type { Profile, VolunteerEvent } from './events.ts';

const personal = { personId: 'v1', iv: 'i', data: 'd', tag: 't' };
const profile: Profile = {
  skills: ['elder_care'],
  languages: ['zh'],
  availability: [{ weekday: 6, start: '09:00', end: '12:00' }],
  place: { districtCode: 'd1', streetCode: 's1', communityCode: 'c1' },
  serviceRadiusKm: 3,
  maxHoursPerWeek: 10,
};
const registered: VolunteerEvent = {
  type: 'VolunteerRegistered',
  payload: { volunteerId: 'v1', personal, ...profile },
};
const erased: VolunteerEvent = { type: 'VolunteerErased', payload: { volunteerId: 'v1' } };
const spec = deciderSpec(volunteerDecider, { now: new Date() });

describe('a volunteer', () => {
  it('registers once', () => {
    spec.given([]).when({ kind: 'register', volunteerId: 'v1', personal, profile }).then([registered]);
    spec
      .given([registered])
      .when({ kind: 'register', volunteerId: 'v1', personal, profile })
      .thenThrows(IllegalStateError);
  });
  it('updates only a registered, not erased, volunteer', () => {
    spec
      .given([registered])
      .when({ kind: 'update', volunteerId: 'v1', changes: { serviceRadiusKm: 5 } })
      .then([{ type: 'VolunteerProfileUpdated', payload: { volunteerId: 'v1', serviceRadiusKm: 5 } }]);
    spec.given([]).when({ kind: 'update', volunteerId: 'v1', changes: {} }).thenThrows(NotFoundError);
    spec
      .given([registered, erased])
      .when({ kind: 'update', volunteerId: 'v1', changes: {} })
      .thenThrows(/erased/);
  });
  it('is erased once', () => {
    spec.given([registered]).when({ kind: 'erase', volunteerId: 'v1' }).then([erased]);
    spec.given([registered, erased]).when({ kind: 'erase', volunteerId: 'v1' }).thenThrows(IllegalStateError);
  });
});
