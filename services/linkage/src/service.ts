import { createTokenVerifier, type ServiceDefinition } from '@fivesoc/service-kit';
import { listRoutes } from './api/lists.ts';
import { rebuildRoutes } from './api/rebuild.ts';
import { configSchema, sourcesOf, type LinkageConfig } from './config.ts';
import { startGrpcServer } from './grpc/server.ts';
import { ReadModels } from './readModels/readModels.ts';

/** 联动: read models of the five societies, cases and resource matching. */
export const service: ServiceDefinition<LinkageConfig> = {
  name: 'linkage',
  version: '0.1.0',
  defaultHttpPort: 4106,
  configSchema,
  start: async (app, ctx) => {
    const readModels = new ReadModels({
      kafka: ctx.kafka,
      db: ctx.db,
      logger: ctx.logger,
      sources: sourcesOf(ctx.config),
      groupPrefix: ctx.config.READ_MODEL_GROUP ?? `${ctx.config.MONGODB_DB}.read-models`,
    });
    listRoutes(app, readModels.collections);
    rebuildRoutes(app, readModels);
    await readModels.start();
    const grpc = await startGrpcServer({
      host: ctx.config.GRPC_HOST,
      port: ctx.config.GRPC_PORT,
      verifier: await createTokenVerifier(ctx.config),
      collections: readModels.collections,
      logger: ctx.logger,
    }).catch(async (err: unknown) => {
      await readModels.stop();
      throw err;
    });
    return async () => {
      await grpc.stop();
      await readModels.stop();
    };
  },
};
