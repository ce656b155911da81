import { ValidationError } from '@fivesoc/service-kit';
import type { EventRegistry, NewEvent } from '../contracts/index.ts';
import type { CommitDocument, LogEntry } from './documents.ts';
import type { AppendResult } from './types.ts';

const MAX_EVENTS_PER_APPEND = 500;

/** The log entry of a commit: its place in the total order, with a copy of it (the outbox row). */
export function logEntryOf(c: CommitDocument, prevLogged: boolean): Omit<LogEntry, '_id' | 'position'> {
  const { position: _p, ...copy } = c;
  return {
    streamId: c.streamId,
    fromVersion: c.fromVersion,
    toVersion: c.toVersion,
    commitId: c._id,
    prevLogged,
    commit: copy,
  };
}

export function resultOf(c: CommitDocument, replayed: boolean): AppendResult {
  return {
    streamId: c.streamId,
    fromVersion: c.fromVersion,
    toVersion: c.toVersion,
    position: c.position ?? 0,
    eventIds: c.events.map((e) => e.id),
    replayed,
  };
}

/** The metadata as stored: without the keys set to undefined. */
export function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** An append's events with their payloads validated against the registry; bad input changes nothing. */
export function checkedEvents(registry: EventRegistry, streamId: string, events: readonly NewEvent[]) {
  if (!streamId || streamId.length > 200)
    throw new ValidationError('streamId', 'must be 1 to 200 characters');
  if (events.length === 0) throw new ValidationError('events', 'an append needs at least one event');
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new ValidationError('events', `at most ${MAX_EVENTS_PER_APPEND} events per append`);
  }
  return events.map((e, i) => {
    try {
      const version = registry.currentVersion(e.type);
      return {
        type: e.type,
        schemaVersion: version,
        payload: registry.validate(e.type, version, e.payload),
      };
    } catch (err) {
      if (err instanceof ValidationError) throw new ValidationError(`events.${i}.${err.field}`, err.message);
      throw err;
    }
  });
}
