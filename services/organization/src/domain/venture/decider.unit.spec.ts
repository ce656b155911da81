import { describe, it } from 'vitest';
import { deciderSpec } from '@fivesoc/eventing/testing';
import { ventureDecider } from './decider.ts';
import type { VentureEvent } from './events.ts';

const at = '2026-11-27T00:00:00.000Z';
const spec = deciderSpec(ventureDecider, { now: new Date(at) });
const project = {
  projectId: 'vp1',
  organizationId: 'org-1',
  title: '防跌倒',
  field: 'elderly' as const,
  description: '训练',
  budgetFen: 100,
  place: { districtCode: '110105', streetCode: '110105001', communityCode: '110105001001' },
  proposedBy: 'org-1',
};
const proposed: VentureEvent = { type: 'VentureProjectProposed', payload: project };
const approved: VentureEvent = { type: 'VentureProjectApproved', payload: { by: 'a', at } };
const started: VentureEvent = { type: 'VentureProjectStarted', payload: { at } };
const concluded = (score: number): VentureEvent => ({
  type: 'VentureProjectConcluded',
  payload: { score, summary: 's', by: 'a', at },
});
const promoted: VentureEvent = { type: 'VentureProjectPromoted', payload: { itemId: 'i1', by: 'c', at } };

describe('a venture project', () => {
  it('runs proposed → approved → running → concluded', () => {
    spec.given([proposed]).when({ kind: 'approve', by: 'a' }).then([approved]);
    spec.given([proposed, approved]).when({ kind: 'start' }).then([started]);
    spec
      .given([proposed, approved, started])
      .when({ kind: 'conclude', score: 90, summary: 's', by: 'a' })
      .then([concluded(90)]);
    spec
      .given([proposed])
      .when({ kind: 'start' })
      .thenThrows(/must be approved/);
  });

  it('is promoted once, when concluded with the minimum score', () => {
    const done = [proposed, approved, started, concluded(85)];
    spec.given(done).when({ kind: 'promote', itemId: 'i1', by: 'c', minScore: 80 }).then([promoted]);
    spec
      .given([...done, promoted])
      .when({ kind: 'promote', itemId: 'i1', by: 'c', minScore: 80 })
      .then([]);
    spec
      .given([...done, promoted])
      .when({ kind: 'promote', itemId: 'i2', by: 'c', minScore: 80 })
      .thenThrows(/promoted as i1/);
    spec
      .given(done)
      .when({ kind: 'promote', itemId: 'i1', by: 'c', minScore: 90 })
      .thenThrows(/at least 90 required/);
    spec
      .given([proposed, approved])
      .when({ kind: 'promote', itemId: 'i1', by: 'c', minScore: 0 })
      .thenThrows(/must be concluded/);
  });
});
