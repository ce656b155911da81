import { z } from 'zod';
import { serviceConfigSchema } from '@fivesoc/service-kit';

/** The kit's settings (with PII_MASTER_KEY: volunteers' personal data is sealed), plus the service's own. */
export const volunteerConfigSchema = serviceConfigSchema('volunteer', 4104, {
  personalData: true,
}).safeExtend({
  /**
   * Days after which recorded service hours count as confirmed when the volunteer has not confirmed
   * them (computed at read time; see README).
   */
  HOURS_AUTO_CONFIRM_DAYS: z.coerce.number().int().min(0).max(365).default(7),
});

export type VolunteerConfig = z.infer<typeof volunteerConfigSchema>;
