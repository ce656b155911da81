import { serviceConfigShape } from '@fivesoc/service-kit';
import { z } from 'zod';

const topic = z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, 'letters, digits, ., _ and - only');

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
  })
  .superRefine((c, ctx) => {
    if (!c.AUTH_JWKS_URL && !c.AUTH_PUBLIC_KEY_FILE) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_PUBLIC_KEY_FILE'],
        message: 'set AUTH_PUBLIC_KEY_FILE or AUTH_JWKS_URL (run `./fivesoc token --init` for a local key)',
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
