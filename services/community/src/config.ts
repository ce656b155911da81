import { serviceConfigSchema } from '@fivesoc/service-kit';

/** The kit's settings, plus PII_MASTER_KEY, which this service needs: it seals residents' personal data. */
export const configSchema = serviceConfigSchema('community', 4101, { personalData: true });
