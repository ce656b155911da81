import { parseMasterKey, serviceConfigSchema } from '@fivesoc/service-kit';
import { z } from 'zod';

/**
 * The kit's settings, plus PII_MASTER_KEY, which this service needs to seal donors' personal data, and the
 * community society's topic, where it learns where each need is.
 */
export const configSchema = serviceConfigSchema('charity', 4105)
  .safeExtend({
    /** The community society's topic: its NeedReported events tell charity where each need is. */
    COMMUNITY_TOPIC: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,200}$/, 'letters, digits, ., _ and - only')
      .default('fivesoc.community.events'),
  })
  .superRefine((c, ctx) => {
    try {
      parseMasterKey(c.PII_MASTER_KEY);
    } catch {
      ctx.addIssue({
        code: 'custom',
        path: ['PII_MASTER_KEY'],
        message: 'must be 32 bytes, base64-encoded (openssl rand -base64 32)',
      });
    }
  });

export type CharityConfig = z.infer<typeof configSchema>;
