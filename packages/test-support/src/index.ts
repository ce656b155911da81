export { freshDbName, freshTopicName } from './names.ts';
export { acquireInfra, infraFromEnv, NO_INFRA_MESSAGE, type TestInfra } from './infra.ts';
export { useInfra } from './use-infra.ts';
export { dockerAvailable, KAFKA_IMAGE, MONGO_IMAGE } from './containers.ts';
export {
  matrixLine,
  runAccessMatrix,
  type MatrixCaller,
  type MatrixOptions,
  type MatrixPlace,
  type MatrixResult,
  type MatrixRoute,
} from './accessMatrix.ts';
export { createThroughRoutes, harvestIds } from './createThroughRoutes.ts';
export { databaseDigest, settle } from './databaseDigest.ts';
export { rpcMatrixLine, runRpcMatrix, type RpcMatrixOptions, type RpcMatrixResult } from './rpcMatrix.ts';
export { sampleFor, sampleJson, type FieldValues } from './sample.ts';
export { validateOpenApi } from './openapi.ts';
export { startDedicatedBroker, type DedicatedBroker } from './broker.ts';
export { createTestTopics } from './topics.ts';
export { parseCsv, readExport } from './exports.ts';
