import { checkServiceConfig, serviceConfigShape, topicName as topic } from '@fivesoc/service-kit';
import { z } from 'zod';

const url = z.url({ protocol: /^https?$/ });

/**
 * The kit's settings plus the five society topics linkage reads (each configurable, defaulting to the
 * society's own `fivesoc.<service>.events`) and the prefix of its read-model consumer group.
 */
export const configSchema = z
  .object({
    ...serviceConfigShape('linkage', 4106),
    COMMUNITY_TOPIC: topic.default('fivesoc.community.events'),
    SOCIAL_WORKER_TOPIC: topic.default('fivesoc.social-worker.events'),
    VOLUNTEER_TOPIC: topic.default('fivesoc.volunteer.events'),
    ORGANIZATION_TOPIC: topic.default('fivesoc.organization.events'),
    CHARITY_TOPIC: topic.default('fivesoc.charity.events'),
    /** Consumer group prefix of the read models; a rebuild appends a new generation number. */
    READ_MODEL_GROUP: topic.optional(),
    /** Where the gRPC API listens; port 0 picks a free port (logged as `grpc listening`). */
    GRPC_HOST: z.string().min(1).max(255).default('127.0.0.1'),
    GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(50051),
    /** Where the case saga calls the societies. */
    SOCIAL_WORKER_URL: url.default('http://127.0.0.1:4103'),
    VOLUNTEER_URL: url.default('http://127.0.0.1:4104'),
    ORGANIZATION_URL: url.default('http://127.0.0.1:4102'),
    CHARITY_URL: url.default('http://127.0.0.1:4105'),
    /** linkage's `integration_client` bearer token for those calls, or a file holding it (re-read per call). */
    SOCIETY_TOKEN: z.string().min(20).max(8000).optional(),
    SOCIETY_TOKEN_FILE: z.string().min(1).max(1000).optional(),
    /** How long a society has to confirm a match request before the next candidate is asked (default 48 h). */
    MATCH_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(100)
      .max(90 * 24 * 3600 * 1000)
      .default(48 * 3600 * 1000),
    /** Open a case for every reported need. */
    AUTO_OPEN_CASES: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /** Ask the ranked covering workers for every new case (`false`: staff assign them with AssignWorker). */
    AUTO_ASSIGN_WORKERS: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /** When no worker covers a new case, look again after this long (doubling, up to an hour). */
    WORKER_RETRY_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
    /** How often due match deadlines are looked for. */
    CASE_TIMER_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
    /** Consumer group of the case saga (default `<MONGODB_DB>.case-saga`). */
    CASE_SAGA_GROUP: topic.optional(),
  })
  .superRefine((c, ctx) => {
    // linkage seals the supervisors' notes on case steps (free text that may tell of the resident).
    checkServiceConfig(c, ctx, { personalData: true });
    if (!c.SOCIETY_TOKEN && !c.SOCIETY_TOKEN_FILE) {
      ctx.addIssue({
        code: 'custom',
        path: ['SOCIETY_TOKEN_FILE'],
        message:
          'set SOCIETY_TOKEN_FILE or SOCIETY_TOKEN (an integration_client token; `./fivesoc token --role integration_client`)',
      });
    }
  });

export type LinkageConfig = z.infer<typeof configSchema>;

/** The five topics by society. */
export const sourcesOf = (c: LinkageConfig) => ({
  community: c.COMMUNITY_TOPIC,
  socialWorker: c.SOCIAL_WORKER_TOPIC,
  volunteer: c.VOLUNTEER_TOPIC,
  organization: c.ORGANIZATION_TOPIC,
  charity: c.CHARITY_TOPIC,
});
