import { parseMasterKey, serviceConfigSchema } from '@fivesoc/service-kit';

/** The kit's settings, plus PII_MASTER_KEY, which this service needs to seal donors' personal data. */
export const configSchema = serviceConfigSchema('charity', 4105).superRefine((c, ctx) => {
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
