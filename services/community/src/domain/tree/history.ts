import type { TreeEvent } from './events.ts';

/**
 * The street a community was under at `at`, told by its own events: registration gives the first street and
 * every move is dated by its `occurredAt`. Undefined when the community did not exist yet.
 */
export function streetAt(
  events: readonly (TreeEvent & { occurredAt: string })[],
  at: Date,
): { streetCode: string; since: string } | undefined {
  let found: { streetCode: string; since: string } | undefined;
  for (const e of events) {
    if (new Date(e.occurredAt) > at) break;
    if (e.type === 'CommunityRegistered') found = { streetCode: e.payload.streetCode, since: e.occurredAt };
    if (e.type === 'CommunityMoved') found = { streetCode: e.payload.toStreetCode, since: e.occurredAt };
  }
  return found;
}
