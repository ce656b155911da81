import { describe, it } from 'vitest';
import { IllegalStateError, NotFoundError, ValidationError } from '@fivesoc/service-kit';
import { deciderSpec } from '@fivesoc/eventing/testing';
import { unitDecider, type UnitState } from './decider.ts';
import type { TreeEvent } from './events.ts';

const spec = deciderSpec(unitDecider, { now: new Date('2026-11-27T00:00:00Z') });
const district: UnitState = {
  level: 'district',
  code: '330102',
  name: 'D',
  districtCode: '330102',
  closed: false,
};
const street = (code: string, districtCode = '330102'): UnitState => ({
  level: 'street',
  code,
  name: 'S',
  districtCode,
  streetCode: code,
  closed: false,
});
const registered: TreeEvent = {
  type: 'CommunityRegistered',
  payload: { districtCode: '330102', streetCode: '330102001', communityCode: '330102001001', name: 'C' },
};
const survivor: UnitState = { ...street('330102001'), level: 'community', code: '330102001002' };

describe('the tree of districts, streets and communities', () => {
  it('registers a street under its district once, with a code that starts with the district code', () => {
    spec
      .given([])
      .when({ kind: 'register', level: 'street', code: '330102001', name: 'S', parent: district })
      .then([
        { type: 'StreetRegistered', payload: { districtCode: '330102', streetCode: '330102001', name: 'S' } },
      ]);
    spec
      .given([])
      .when({ kind: 'register', level: 'street', code: '330103001', name: 'S', parent: district })
      .thenThrows(/starts with/);
    spec
      .given([])
      .when({ kind: 'register', level: 'street', code: '330102001', name: 'S' })
      .thenThrows(ValidationError);
  });

  it('refuses to register a unit twice', () => {
    spec
      .given([registered])
      .when({
        kind: 'register',
        level: 'community',
        code: '330102001001',
        name: 'C',
        parent: street('330102001'),
      })
      .thenThrows(IllegalStateError);
  });

  it('moves a community to another street of its district only', () => {
    spec
      .given([registered])
      .when({ kind: 'move', toStreet: street('330102002') })
      .then([
        {
          type: 'CommunityMoved',
          payload: {
            communityCode: '330102001001',
            districtCode: '330102',
            fromStreetCode: '330102001',
            toStreetCode: '330102002',
          },
        },
      ]);
    spec
      .given([registered])
      .when({ kind: 'move', toStreet: street('330103002', '330103') })
      .thenThrows(/own district/);
    spec
      .given([registered])
      .when({ kind: 'move', toStreet: street('330102001') })
      .thenThrows(/already under/);
    spec
      .given([])
      .when({ kind: 'move', toStreet: street('330102002') })
      .thenThrows(NotFoundError);
  });

  it('merges a community into a survivor and then refuses every change to the merged one', () => {
    const merged: TreeEvent = {
      type: 'CommunityMerged',
      payload: { communityCode: '330102001001', survivorCode: '330102001002', streetCode: '330102001' },
    };
    spec.given([registered]).when({ kind: 'merge', survivor }).then([merged]);
    spec
      .given([registered])
      .when({ kind: 'merge', survivor: { ...survivor, code: '330102001001' } })
      .thenThrows(/into itself/);
    spec
      .given([registered, merged])
      .when({ kind: 'rename', name: 'X' })
      .thenThrows(/closed/);
    spec
      .given([registered])
      .when({ kind: 'merge', survivor: { ...survivor, closed: true } })
      .thenThrows(/closed/);
  });

  it('renames, and a rename to the same name changes nothing', () => {
    spec
      .given([registered])
      .when({ kind: 'rename', name: 'New' })
      .then([
        { type: 'UnitRenamed', payload: { level: 'community', code: '330102001001', from: 'C', to: 'New' } },
      ]);
    spec.given([registered]).when({ kind: 'rename', name: 'C' }).then([]);
  });
});
