import { newRecordId } from '@fivesoc/service-kit';
import type { Reply } from './http.ts';

export type Outcome = 'created' | 'existing' | 'failed';
export interface Counts {
  created: number;
  existing: number;
  failed: number;
}
export type LoadResult = Record<string, Counts>;

/** Counts outcomes per resource and logs the first few failures of each (status and the service's message). */
export function tally(result: LoadResult, log: (line: string) => void) {
  const shown = new Map<string, number>();
  return (resource: string, outcome: Outcome, id: string, reply?: Reply) => {
    const c = (result[resource] ??= { created: 0, existing: 0, failed: 0 });
    c[outcome]++;
    if (outcome !== 'failed') return;
    const n = (shown.get(resource) ?? 0) + 1;
    shown.set(resource, n);
    if (n <= 3) {
      const msg = reply ? `${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}` : 'no answer';
      log(`seed: ${resource} ${id} failed: ${msg}`);
    }
  };
}

/** Created on 2xx, existing on 409 (already exists), failed otherwise. */
export const outcomeOf = (r: Reply): Outcome =>
  r.status >= 200 && r.status < 300 ? 'created' : r.status === 409 ? 'existing' : 'failed';

/** The kit's one derivation, as the service applies it to the loader's key. */
const keyed = (subject: string, key: string) =>
  newRecordId({ metadata: { actor: subject }, idempotencyKey: key });

/**
 * The id a service derives for a record created with an Idempotency-Key, so the loader can look it up
 * before creating it (a replayed create answers like the first one, which cannot tell "existing" apart).
 * Every society derives it the same way (`newRecordId` of the service kit); charity's once also hashed the
 * route, which the path argument is left from.
 */
export const derivedId = {
  community: (subject: string, key: string) => keyed(subject, key),
  charity: (subject: string, _path: string, key: string) => keyed(subject, key),
};
