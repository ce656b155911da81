import { z } from 'zod';
import { serviceConfigSchema, topicName } from '@fivesoc/service-kit';

const days = z.coerce.number().int().min(0).max(3650);

/** The organization service's own settings, on top of the kit's. */
export const organizationConfigSchema = serviceConfigSchema('organization', 4102, {
  personalData: true,
}).safeExtend({
  /** No report and no other activity for this many days → abnormal-activity list (活动异常名录). */
  ABNORMAL_INACTIVITY_DAYS: days.default(730),
  /** Days on the abnormal list before the zombie flag (僵尸型). */
  ZOMBIE_AFTER_DAYS: days.default(180),
  /** Days flagged zombie before the exit notice. */
  EXIT_NOTICE_AFTER_DAYS: days.default(30),
  /** Days from the exit notice to its deadline (report before it to recover). */
  EXIT_DEADLINE_DAYS: days.default(90),
  /** How often this instance runs the lifecycle scheduler (ms); 0 turns the loop off. */
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(3_600_000),
  /** Lowest rating level (1-5 for 1A-5A) of the eligible-organization catalogue. */
  CATALOGUE_MIN_RATING: z.coerce.number().int().min(1).max(5).default(3),
  /** The community society's topic: its FeedbackGiven events are residents' ratings (效果共评). */
  COMMUNITY_TOPIC: topicName.default('fivesoc.community.events'),
});

export type OrganizationConfig = z.infer<typeof organizationConfigSchema>;
