import type { Logger } from 'pino';
import { PoisonMessageError, isTransient } from './errors.ts';

export interface RetryPolicy {
  /** Attempts for a non-transient failure before giving up (dead-lettering). Default 5. */
  maxAttempts?: number;
  /** Exponential backoff between attempts. Default 100 ms doubling to 10 s. */
  backoff?: { initialMs: number; maxMs: number };
}

export interface RetryHooks {
  logger: Logger;
  /** What is logged with each retry (the event, or the batch). */
  about: Record<string, unknown>;
  /** True once the consumer stops: the failure is thrown, nothing is committed, the next owner redelivers. */
  stopping(): boolean;
  heartbeat(): Promise<void>;
  retried(): void;
}

export type Attempted<T> = { ok: true; value: T } | { ok: false; error: Error; attempts: number };

/**
 * Runs `attempt` until it succeeds: a transient failure (the server away) is retried with backoff without
 * end, any other `maxAttempts` times, and a poison message not at all. What gives up is answered, for the
 * caller to dead-letter, so one bad message never stalls its partition.
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks,
): Promise<Attempted<T>> {
  const maxAttempts = policy.maxAttempts ?? 5;
  const { initialMs, maxMs } = policy.backoff ?? { initialMs: 100, maxMs: 10_000 };
  for (let n = 1; ; n++) {
    try {
      return { ok: true, value: await attempt() };
    } catch (err) {
      if (hooks.stopping()) throw err;
      const transient = isTransient(err);
      if (!transient && (err instanceof PoisonMessageError || n >= maxAttempts))
        return { ok: false, error: err instanceof Error ? err : new Error(String(err)), attempts: n };
      hooks.retried();
      const delay = Math.min(maxMs, initialMs * 2 ** (n - 1));
      hooks.logger.warn({ err, ...hooks.about, attempt: n, transient, delay }, 'handler failed; retrying');
      await new Promise((r) => setTimeout(r, delay));
      await hooks.heartbeat().catch(() => undefined);
    }
  }
}
