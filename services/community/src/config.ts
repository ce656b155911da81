import { parseMasterKey, serviceConfigSchema } from '@fivesoc/service-kit';

/** The kit's settings, plus PII_MASTER_KEY, which this service needs: it seals residents' personal data. */
export const configSchema = serviceConfigSchema('community', 4101).superRefine((c, ctx) => {
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
