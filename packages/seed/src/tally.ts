import { createHash } from 'node:crypto';
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

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * The id a service derives for a record created with an Idempotency-Key, so the loader can look it up
 * before creating it (a replayed create answers like the first one, which cannot tell "existing" apart).
 * These mirror services/community/src/api/deps.ts and services/charity/src/api/deps.ts.
 */
export const derivedId = {
  community: (subject: string, key: string) => `k${sha256(`${subject}|${key}`).slice(0, 31)}`,
  charity: (subject: string, path: string, key: string) => sha256(`${subject}|${path}|${key}`).slice(0, 32),
};
