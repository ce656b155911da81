import type { Decider } from '@fivesoc/eventing';
import { IllegalStateError } from '@fivesoc/service-kit';
import type { VentureEvent, VentureProposal } from './events.ts';

/** proposed → approved (or rejected) → running → concluded → promoted into the guidance catalogue. */
export type VentureStatus =
  'none' | 'proposed' | 'rejected' | 'approved' | 'running' | 'concluded' | 'promoted';

export interface VentureState {
  status: VentureStatus;
  project?: VentureProposal;
  score?: number;
  promotedAs?: string;
}

export type VentureCommand =
  | { kind: 'propose'; project: VentureProposal }
  | { kind: 'approve'; by: string }
  | { kind: 'reject'; by: string; reason: string }
  | { kind: 'start' }
  | { kind: 'conclude'; score: number; summary: string; by: string }
  /** `minScore`: the district's lowest concluding score for a promotion (its local rules). */
  | { kind: 'promote'; itemId: string; by: string; minScore: number };

const requireStatus = (s: VentureState, wanted: VentureStatus, doing: string) => {
  if (s.status !== wanted)
    throw new IllegalStateError(`this project is ${s.status}: it cannot be ${doing} (it must be ${wanted})`);
};

/** Whether a project may be promoted now, the reason when not (pure: the route checks before drafting). */
export function promotable(s: VentureState, itemId: string, minScore: number): string | undefined {
  if (s.status === 'promoted') return s.promotedAs === itemId ? undefined : `promoted as ${s.promotedAs}`;
  if (s.status !== 'concluded')
    return `this project is ${s.status}: it cannot be promoted (it must be concluded)`;
  if ((s.score ?? 0) < minScore) return `concluded with ${s.score}, at least ${minScore} required`;
  return undefined;
}

export const ventureDecider: Decider<VentureState, VentureCommand, VentureEvent> = {
  initialState: () => ({ status: 'none' }),
  decide(c, s, { now }) {
    const at = now.toISOString();
    switch (c.kind) {
      case 'propose':
        if (s.status !== 'none') throw new IllegalStateError('this project already exists');
        return [{ type: 'VentureProjectProposed', payload: c.project }];
      case 'approve':
        requireStatus(s, 'proposed', 'approved');
        return [{ type: 'VentureProjectApproved', payload: { by: c.by, at } }];
      case 'reject':
        requireStatus(s, 'proposed', 'rejected');
        return [{ type: 'VentureProjectRejected', payload: { by: c.by, reason: c.reason } }];
      case 'start':
        requireStatus(s, 'approved', 'started');
        return [{ type: 'VentureProjectStarted', payload: { at } }];
      case 'conclude':
        requireStatus(s, 'running', 'concluded');
        return [
          { type: 'VentureProjectConcluded', payload: { score: c.score, summary: c.summary, by: c.by, at } },
        ];
      case 'promote': {
        const refused = promotable(s, c.itemId, c.minScore);
        if (refused) throw new IllegalStateError(refused);
        // Promoted already as this item (a repeat after a crash between the two streams): nothing new.
        if (s.status === 'promoted') return [];
        return [{ type: 'VentureProjectPromoted', payload: { itemId: c.itemId, by: c.by, at } }];
      }
      default: {
        const unreachable: never = c;
        return unreachable;
      }
    }
  },
  evolve(s, e) {
    switch (e.type) {
      case 'VentureProjectProposed':
        return { status: 'proposed', project: e.payload };
      case 'VentureProjectApproved':
        return { ...s, status: 'approved' };
      case 'VentureProjectRejected':
        return { ...s, status: 'rejected' };
      case 'VentureProjectStarted':
        return { ...s, status: 'running' };
      case 'VentureProjectConcluded':
        return { ...s, status: 'concluded', score: e.payload.score };
      case 'VentureProjectPromoted':
        return { ...s, status: 'promoted', promotedAs: e.payload.itemId };
      default: {
        const unreachable: never = e;
        return unreachable;
      }
    }
  },
};
