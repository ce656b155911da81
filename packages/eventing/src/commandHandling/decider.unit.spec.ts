import { describe, it } from 'vitest';
import { IllegalStateError } from '@fivesoc/service-kit';
import { deciderSpec } from '../testing/index.ts';
import { tallyDecider } from '../testing/sampleDomain.ts';

const spec = deciderSpec(tallyDecider, { now: new Date('2026-11-27T00:00:00Z') });
const opened = { type: 'TallyOpened' as const, payload: { label: 'a' } };

describe('a decider under given/when/then', () => {
  it('opens a tally once', () => {
    spec.given([]).when({ kind: 'open', label: 'a' }).then([opened]);
    spec.given([opened]).when({ kind: 'open', label: 'b' }).thenThrows(IllegalStateError);
  });

  it('refuses an increment past the limit', () => {
    spec
      .given([opened, { type: 'Incremented', payload: { by: 95, reason: 'r' } }])
      .when({ kind: 'increment', by: 6, reason: 'r' })
      .thenThrows(/never passes 100/);
  });
});
