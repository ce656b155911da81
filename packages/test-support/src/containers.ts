import { GenericContainer, Wait, getContainerRuntimeClient, type StartedTestContainer } from 'testcontainers';
import { MongoDBContainer } from '@testcontainers/mongodb';

/** Image versions kept in step with docker-compose.yml and the native stack (Kafka 3.9, MongoDB 7). */
export const KAFKA_IMAGE = 'apache/kafka:3.9.1';
export const MONGO_IMAGE = 'mongo:7';

export async function dockerAvailable(): Promise<boolean> {
  try {
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/**
 * Kafka in KRaft mode from the apache/kafka image. The advertised listener must carry the host port that
 * Docker maps, which is only known after start, so the broker waits for a start script copied in then.
 */
export async function startKafkaContainer(): Promise<{ brokers: string[]; stop(): Promise<void> }> {
  const started: StartedTestContainer = await new GenericContainer(KAFKA_IMAGE)
    .withExposedPorts(9092)
    .withEntrypoint(['sh', '-c'])
    .withCommand([
      'echo waiting-for-start-script; while [ ! -f /tmp/start.sh ]; do sleep 0.1; done; sh /tmp/start.sh',
    ])
    .withWaitStrategy(Wait.forLogMessage('waiting-for-start-script'))
    .withStartupTimeout(120_000)
    .start()
    .catch(async (err: unknown) => {
      throw new Error(`could not start ${KAFKA_IMAGE}: ${(err as Error).message}`);
    });
  const host = started.getHost();
  const port = started.getMappedPort(9092);
  const script = [
    'export KAFKA_NODE_ID=1',
    'export KAFKA_PROCESS_ROLES=broker,controller',
    'export KAFKA_LISTENERS=PLAINTEXT://:9092,CONTROLLER://:9093,INTERNAL://:19092',
    `export KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://${host}:${port},INTERNAL://localhost:19092`,
    'export KAFKA_LISTENER_SECURITY_PROTOCOL_MAP=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT',
    'export KAFKA_INTER_BROKER_LISTENER_NAME=INTERNAL',
    'export KAFKA_CONTROLLER_LISTENER_NAMES=CONTROLLER',
    'export KAFKA_CONTROLLER_QUORUM_VOTERS=1@localhost:9093',
    'export KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=1',
    'export KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR=1',
    'export KAFKA_TRANSACTION_STATE_LOG_MIN_ISR=1',
    'export KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS=0',
    'export KAFKA_NUM_PARTITIONS=3',
    'exec /etc/kafka/docker/run',
  ].join('\n');
  await started.copyContentToContainer([{ content: script, target: '/tmp/start.sh' }]);
  await waitForLog(started, /Kafka Server started/, 120_000);
  return { brokers: [`${host}:${port}`], stop: async () => void (await started.stop()) };
}

async function waitForLog(
  container: StartedTestContainer,
  pattern: RegExp,
  timeoutMs: number,
): Promise<void> {
  const stream = await container.logs();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`container log did not show ${pattern} in time`)),
      timeoutMs,
    );
    stream.on('data', (line: Buffer | string) => {
      if (pattern.test(line.toString())) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/** MongoDB 7 as a one-node replica set (the module initiates it). */
export async function startMongoContainer(): Promise<{ url: string; stop(): Promise<void> }> {
  const started = await new MongoDBContainer(MONGO_IMAGE).start();
  return {
    url: `${started.getConnectionString()}?directConnection=true`,
    stop: async () => void (await started.stop()),
  };
}
