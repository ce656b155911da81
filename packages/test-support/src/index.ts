export { freshDbName, freshTopicName } from './names.ts';
export { acquireInfra, infraFromEnv, NO_INFRA_MESSAGE, type TestInfra } from './infra.ts';
export { useInfra } from './use-infra.ts';
export { dockerAvailable, KAFKA_IMAGE, MONGO_IMAGE } from './containers.ts';
