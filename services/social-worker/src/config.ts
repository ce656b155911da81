import { serviceConfigSchema } from '@fivesoc/service-kit';
import type { z } from 'zod';

/**
 * The kit's settings plus PII_MASTER_KEY, which this service cannot start without: it seals every
 * worker's name and phone. A missing or malformed key stops the service at boot with one line.
 */
export const configSchema = serviceConfigSchema('social-worker', 4103, { personalData: true });

export type SocialWorkerConfig = z.infer<typeof configSchema>;
