import type { MongoEventStore } from '@fivesoc/eventing';
import { NotFoundError, ValidationError } from '@fivesoc/service-kit';
import {
  levelOfCode,
  unitDecider,
  unitStreamId,
  type Level,
  type TreeEvent,
  type UnitState,
} from '../domain/tree/index.ts';

/** A unit's state from its own stream, with the stream's version; `level` is unset when it does not exist. */
/** `maxAgeMs`: a unit this process saw that recently is not looked up again (see `ReadOptions`). */
export async function loadUnit(store: MongoEventStore, level: Level, code: string, maxAgeMs?: number) {
  const events = await store.readStream<TreeEvent>(
    unitStreamId(level, code),
    1,
    maxAgeMs !== undefined ? { maxAgeMs } : {},
  );
  // Not `fold`: a unit that was never registered still answers with the code it was asked for.
  const state = events.reduce((s, e) => unitDecider.evolve(s, e), { ...unitDecider.initialState(), code });
  return { state, version: events.at(-1)?.streamVersion ?? 0, events };
}

export async function requireUnit(store: MongoEventStore, code: string, field = 'params.code') {
  const level = levelOfCode(code);
  if (!level) throw new ValidationError(field, 'a code is 6 (district), 9 (street) or 12 (community) digits');
  const loaded = await loadUnit(store, level, code);
  if (!loaded.state.level) throw new NotFoundError(level, code);
  return { ...loaded, level };
}

export const unitView = (s: UnitState) => ({
  level: s.level!,
  code: s.code,
  name: s.name,
  districtCode: s.districtCode,
  ...(s.streetCode && s.level !== 'street' ? { streetCode: s.streetCode } : {}),
  closed: s.closed,
  ...(s.mergedInto ? { mergedInto: s.mergedInto } : {}),
});
