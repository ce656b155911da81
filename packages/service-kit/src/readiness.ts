import { Kafka, logLevel, type Admin } from 'kafkajs';
import type { MongoClient } from 'mongodb';

/** One dependency /readyz asks about. `check` rejects when the dependency cannot be reached. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export function withTimeout<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export function mongoReadiness(client: MongoClient, timeoutMs = 2000): ReadinessCheck {
  return {
    name: 'mongodb',
    check: async () => {
      await withTimeout(timeoutMs, 'mongodb', client.db('admin').command({ ping: 1 }));
    },
  };
}

/**
 * Asks the cluster for its metadata through one long-lived admin client of its own: no retries and no
 * logging, so a probe against a broker that is down answers quickly and quietly.
 */
export function kafkaReadiness(
  brokers: string[],
  clientId: string,
  timeoutMs = 3000,
): ReadinessCheck & { close(): Promise<void> } {
  const kafka = new Kafka({
    clientId: `${clientId}-readiness`,
    brokers,
    connectionTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  let admin: Admin | undefined;
  let connected: Promise<void> | undefined;
  return {
    name: 'kafka',
    check: async () => {
      admin ??= kafka.admin();
      const a = admin;
      connected ??= a.connect().catch((err: unknown) => {
        connected = undefined;
        throw err;
      });
      await withTimeout(
        timeoutMs,
        'kafka',
        connected.then(() => a.describeCluster()),
      );
    },
    close: async () => {
      const a = admin;
      admin = undefined;
      connected = undefined;
      await a?.disconnect();
    },
  };
}
