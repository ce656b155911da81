import { serviceConfigSchema, topicName } from '@fivesoc/service-kit';
import type { z } from 'zod';

/**
 * The kit's settings, plus PII_MASTER_KEY, which this service needs to seal donors' personal data, and the
 * community society's topic, where it learns where each need is.
 */
export const configSchema = serviceConfigSchema('charity', 4105, { personalData: true }).safeExtend({
  /** The community society's topic: its NeedReported events tell charity where each need is. */
  COMMUNITY_TOPIC: topicName.default('fivesoc.community.events'),
});

export type CharityConfig = z.infer<typeof configSchema>;
