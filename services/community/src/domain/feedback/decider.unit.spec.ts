import { describe, it } from 'vitest';
import { AlreadyExistsError } from '@fivesoc/service-kit';
import { deciderSpec } from '@fivesoc/eventing/testing';
import { feedbackDecider } from './decider.ts';
import type { FeedbackGiven } from './events.ts';

const spec = deciderSpec(feedbackDecider, { now: new Date('2026-11-27T10:00:00Z') });
const given: FeedbackGiven = {
  subjectKind: 'service',
  subjectId: 's1',
  residentId: 'r1',
  districtCode: '330102',
  streetCode: '330102001',
  communityCode: '330102001001',
  rating: 5,
};

describe('resident feedback', () => {
  it('is given once per resident and subject; a second is refused', () => {
    spec
      .given([])
      .when({ kind: 'give', ...given })
      .then([{ type: 'FeedbackGiven', payload: given }]);
    spec
      .given([{ type: 'FeedbackGiven', payload: given }])
      .when({ kind: 'give', ...given, rating: 1 })
      .thenThrows(AlreadyExistsError);
  });
});
