import { IllegalStateError, NotFoundError, ValidationError } from '@fivesoc/service-kit';
import type { Decider } from '@fivesoc/eventing';
import { assertCode, type Level } from './codes.ts';
import type { TreeEvent } from './events.ts';

/** One unit of the tree as its own events tell it; `level` is undefined until it is registered. */
export interface UnitState {
  level?: Level;
  code: string;
  name: string;
  districtCode: string;
  streetCode?: string;
  closed: boolean;
  mergedInto?: string;
}

/** Commands carry the other units they involve (parent, target street, survivor) as loaded by the shell. */
export type TreeCommand =
  | { kind: 'register'; level: Level; code: string; name: string; parent?: UnitState }
  | { kind: 'rename'; name: string }
  | { kind: 'move'; toStreet?: UnitState }
  | { kind: 'merge'; survivor?: UnitState };

const initialState = (): UnitState => ({ code: '', name: '', districtCode: '', closed: false });

function requireOpen(state: UnitState): asserts state is UnitState & { level: Level } {
  if (!state.level) throw new NotFoundError('unit', state.code || '(unregistered)');
  if (state.closed) throw new IllegalStateError(`${state.level} ${state.code} is closed (merged)`);
}

function register(c: Extract<TreeCommand, { kind: 'register' }>, state: UnitState): TreeEvent[] {
  if (state.level) throw new IllegalStateError(`${c.level} ${c.code} is already registered`);
  if (c.level === 'district')
    return [{ type: 'DistrictRegistered', payload: { districtCode: c.code, name: c.name } }];
  const parentLevel = c.level === 'street' ? 'district' : 'street';
  if (c.parent?.level !== parentLevel) throw new ValidationError('body.parentCode', `no such ${parentLevel}`);
  if (c.parent.closed) throw new IllegalStateError(`${parentLevel} ${c.parent.code} is closed`);
  assertCode(c.level, c.code, c.parent.code);
  const districtCode = c.parent.districtCode;
  return c.level === 'street'
    ? [{ type: 'StreetRegistered', payload: { districtCode, streetCode: c.code, name: c.name } }]
    : [
        {
          type: 'CommunityRegistered',
          payload: { districtCode, streetCode: c.parent.code, communityCode: c.code, name: c.name },
        },
      ];
}

function move(c: Extract<TreeCommand, { kind: 'move' }>, state: UnitState): TreeEvent[] {
  requireOpen(state);
  if (state.level !== 'community') throw new IllegalStateError('only a community moves to another street');
  const to = c.toStreet;
  if (to?.level !== 'street') throw new ValidationError('body.streetCode', 'no such street');
  if (to.closed) throw new IllegalStateError(`street ${to.code} is closed`);
  if (to.districtCode !== state.districtCode)
    throw new IllegalStateError('a community moves only between streets of its own district');
  if (to.code === state.streetCode) throw new IllegalStateError(`the community is already under ${to.code}`);
  const payload = {
    communityCode: state.code,
    districtCode: state.districtCode,
    fromStreetCode: state.streetCode!,
    toStreetCode: to.code,
  };
  return [{ type: 'CommunityMoved', payload }];
}

function merge(c: Extract<TreeCommand, { kind: 'merge' }>, state: UnitState): TreeEvent[] {
  requireOpen(state);
  if (state.level !== 'community') throw new IllegalStateError('only communities are merged');
  const s = c.survivor;
  if (s?.level !== 'community') throw new ValidationError('body.survivorCode', 'no such community');
  if (s.code === state.code)
    throw new ValidationError('body.survivorCode', 'a community cannot merge into itself');
  if (s.closed) throw new IllegalStateError(`community ${s.code} is closed (merged)`);
  if (s.districtCode !== state.districtCode)
    throw new IllegalStateError('communities merge only within one district');
  const payload = { communityCode: state.code, survivorCode: s.code, streetCode: state.streetCode! };
  return [{ type: 'CommunityMerged', payload }];
}

/** 区 → 街道 → 社区: register once, rename, move a community between streets, merge communities. */
export const unitDecider: Decider<UnitState, TreeCommand, TreeEvent> = {
  initialState,
  decide(command, state) {
    switch (command.kind) {
      case 'register':
        return register(command, state);
      case 'rename':
        requireOpen(state);
        if (command.name === state.name) return [];
        return [
          {
            type: 'UnitRenamed',
            payload: { level: state.level, code: state.code, from: state.name, to: command.name },
          },
        ];
      case 'move':
        return move(command, state);
      case 'merge':
        return merge(command, state);
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'DistrictRegistered': {
        const p = event.payload;
        return {
          ...state,
          level: 'district',
          code: p.districtCode,
          name: p.name,
          districtCode: p.districtCode,
        };
      }
      case 'StreetRegistered': {
        const p = event.payload;
        return {
          ...state,
          level: 'street',
          code: p.streetCode,
          name: p.name,
          districtCode: p.districtCode,
          streetCode: p.streetCode,
        };
      }
      case 'CommunityRegistered': {
        const p = event.payload;
        return {
          ...state,
          level: 'community',
          code: p.communityCode,
          name: p.name,
          districtCode: p.districtCode,
          streetCode: p.streetCode,
        };
      }
      case 'UnitRenamed':
        return { ...state, name: event.payload.to };
      case 'CommunityMoved':
        return { ...state, streetCode: event.payload.toStreetCode };
      case 'CommunityMerged':
        return { ...state, closed: true, mergedInto: event.payload.survivorCode };
      default:
        return state;
    }
  },
};
