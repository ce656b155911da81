import { z } from 'zod';
import { createEventRegistry, defineEvent } from '../contracts/index.ts';

/**
 * A tiny domain for the platform's own tests and benchmarks: a tally that is incremented. v1 of
 * `Incremented` had no reason; v2 requires one, and old events read as `reason: 'unspecified'`.
 */
export const sampleRegistry = createEventRegistry([
  defineEvent({
    type: 'TallyOpened',
    version: 1,
    schema: z.strictObject({ label: z.string().min(1).max(50) }),
  }),
  defineEvent({
    type: 'Incremented',
    version: 1,
    schema: z.strictObject({ by: z.number().int().min(1).max(1000) }),
  }),
  defineEvent({
    type: 'Incremented',
    version: 2,
    schema: z.strictObject({ by: z.number().int().min(1).max(1000), reason: z.string().min(1).max(100) }),
    upcast: (v1) => ({ ...(v1 as { by: number }), reason: 'unspecified' }),
  }),
]);

export const inc = (by: number, reason = 'test') => ({ type: 'Incremented', payload: { by, reason } });
export const meta = (correlationId = 'test') => ({ correlationId, actor: 'test' });
