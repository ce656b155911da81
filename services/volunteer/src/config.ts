import { z } from 'zod';
import { parseMasterKey, serviceConfigSchema } from '@fivesoc/service-kit';

/** The kit's settings, plus what the volunteer service needs. */
export const volunteerConfigSchema = serviceConfigSchema('volunteer', 4104)
  .safeExtend({
    /**
     * Days after which recorded service hours count as confirmed when the volunteer has not confirmed
     * them (computed at read time; see README).
     */
    HOURS_AUTO_CONFIRM_DAYS: z.coerce.number().int().min(0).max(365).default(7),
  })
  .superRefine((c, ctx) => {
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

export type VolunteerConfig = z.infer<typeof volunteerConfigSchema>;
