/**
 * Where integration tests get real Kafka and MongoDB, in this order:
 *   1. the environment (KAFKA_BROKERS, MONGODB_URL), which the native stack and CI export;
 *   2. testcontainers, when a Docker engine answers;
 *   3. otherwise a clear error naming the command that starts the native stack.
 * Never a mock: integration tests talk to the real servers.
 */
import { dockerAvailable, startKafkaContainer, startMongoContainer } from './containers.ts';

export interface TestInfra {
  kafkaBrokers: string[];
  mongoUrl: string;
  source: 'environment' | 'testcontainers';
}

declare module 'vitest' {
  export interface ProvidedContext {
    infra: TestInfra | null;
    infraError: string | null;
  }
}

export const NO_INFRA_MESSAGE =
  'integration tests need Kafka and MongoDB: run `./fivesoc stack up` and `eval "$(./fivesoc stack env)"` ' +
  '(or use `./fivesoc test`, which does both), or start a Docker engine for testcontainers';

export function infraFromEnv(env: NodeJS.ProcessEnv = process.env): TestInfra | undefined {
  const brokers = env.KAFKA_BROKERS?.trim();
  const mongoUrl = env.MONGODB_URL?.trim();
  if (!brokers || !mongoUrl) return undefined;
  return { kafkaBrokers: brokers.split(',').map((b) => b.trim()), mongoUrl, source: 'environment' };
}

export interface AcquiredInfra {
  infra?: TestInfra;
  error?: string;
  release(): Promise<void>;
}

export async function acquireInfra(): Promise<AcquiredInfra> {
  const fromEnv = infraFromEnv();
  if (fromEnv) return { infra: fromEnv, release: async () => {} };
  if (!(await dockerAvailable())) return { error: NO_INFRA_MESSAGE, release: async () => {} };
  const [kafka, mongo] = await Promise.all([startKafkaContainer(), startMongoContainer()]);
  return {
    infra: { kafkaBrokers: kafka.brokers, mongoUrl: mongo.url, source: 'testcontainers' },
    release: async () => {
      await Promise.all([kafka.stop(), mongo.stop()]);
    },
  };
}
