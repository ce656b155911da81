import { parseMasterKey, serviceConfigSchema } from '@fivesoc/service-kit';
import type { z } from 'zod';

/**
 * The kit's settings plus PII_MASTER_KEY, which this service cannot start without: it seals every
 * worker's name and phone. A missing or malformed key stops the service at boot with one line.
 */
export const configSchema = serviceConfigSchema('social-worker', 4103).superRefine((c, ctx) => {
  try {
    parseMasterKey(c.PII_MASTER_KEY);
  } catch (err) {
    ctx.addIssue({
      code: 'custom',
      path: ['PII_MASTER_KEY'],
      message: (err as Error).message.replace(/^PII_MASTER_KEY /, ''),
    });
  }
});

export type SocialWorkerConfig = z.infer<typeof configSchema>;
