import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { Kafka, logLevel } from 'kafkajs';
import { freshDbName, freshTopicName, useInfra } from '@fivesoc/test-support';
import { ensureTopic } from '../ensureTopic.ts';

export const PACKAGE_ROOT = resolve(import.meta.dirname, '../..');

export interface Fixture {
  db: Db;
  dbName: string;
  kafka: Kafka;
  brokers: string[];
  mongoUrl: string;
  close(): Promise<void>;
}

/** A fresh database on the real MongoDB-wire server and a Kafka client for the real broker. */
export async function fixture(label: string): Promise<Fixture> {
  const infra = useInfra();
  const client = new MongoClient(infra.mongoUrl, { maxPoolSize: 50 });
  const dbName = freshDbName(label);
  return {
    db: client.db(dbName),
    dbName,
    kafka: new Kafka({ clientId: `test-${label}`, brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING }),
    brokers: infra.kafkaBrokers,
    mongoUrl: infra.mongoUrl,
    close: async () => {
      await client
        .db(dbName)
        .dropDatabase()
        .catch(() => undefined);
      await client.close();
    },
  };
}

export async function createTopic(kafka: Kafka, label: string, partitions = 3): Promise<string> {
  const topic = freshTopicName(label);
  await ensureTopic(kafka, topic, partitions);
  return topic;
}

export interface Child {
  lines: string[];
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
}

/** Runs one of the test processes in ./processes with the given environment. */
export function runProcess(name: string, env: Record<string, string>): Child {
  const lines: string[] = [];
  let partial = '';
  const child = spawn(
    process.execPath,
    ['--conditions=@fivesoc/source', `src/testing/processes/${name}.ts`],
    {
      cwd: PACKAGE_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  child.stdout.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  return {
    lines,
    exited: new Promise((r) => child.on('exit', (code) => r(code))),
    kill: (signal = 'SIGKILL') => child.kill(signal),
  };
}

export async function until(
  what: string,
  probe: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`);
}
