import type { HandleOptions } from '@fivesoc/eventing';
import { assertInScope, type Principal } from '@fivesoc/service-kit';
import { assertCode, unitStreamId, type Level } from '../domain/tree/index.ts';
import type { Deps } from './deps.ts';
import { withReservation } from './reservations.ts';
import { loadUnit } from './units.ts';

export interface NewUnit {
  level: Level;
  code: string;
  name: string;
  parentCode?: string;
}

/**
 * Registers a unit: the code's shape and prefix, the caller's district, the parent as its stream tells it,
 * and the code reserved (unique across the tree) before the append.
 */
export async function registerUnit(deps: Deps, principal: Principal, u: NewUnit, opts: HandleOptions) {
  const { store, db } = deps;
  assertCode(u.level, u.code, u.parentCode);
  const districtCode = u.code.slice(0, 6);
  assertInScope(principal, { districtCode }, `district ${districtCode}`);
  const parentLevel = u.level === 'street' ? 'district' : 'street';
  const parent = u.parentCode ? (await loadUnit(store, parentLevel, u.parentCode)).state : undefined;
  const streamId = unitStreamId(u.level, u.code);
  const command = {
    kind: 'register' as const,
    level: u.level,
    code: u.code,
    name: u.name,
    ...(parent ? { parent } : {}),
  };
  const run = () => deps.commands.unit.run({ level: u.level, code: u.code }, command, opts);
  // A repeated Idempotency-Key answers as the first time, before the code's reservation could refuse it.
  const earlier = opts.idempotencyKey && (await store.previousAppend(streamId, opts.idempotencyKey));
  return earlier ? run() : withReservation(db, 'code', u.code, streamId, run);
}
