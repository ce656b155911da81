/**
 * Runs a fetched batch of one partition with its streams side by side: the messages of one key (one
 * stream) one after another in the partition's order, up to `concurrency` keys at once. A partition is
 * the unit of order Kafka gives; a stream is the unit the store and every handler rely on, so this keeps
 * what they need while a partition's streams no longer wait for each other.
 *
 * Resolves once every message is handled; rejects with the first failure after the lanes in flight have
 * settled (the batch's offsets are then not committed, and what was handled is redelivered, which the
 * idempotent handlers turn into nothing).
 */
export async function runKeyed<M>(
  messages: readonly M[],
  keyOf: (m: M) => string,
  concurrency: number,
  handle: (m: M) => Promise<void>,
  shouldGoOn: () => boolean = () => true,
): Promise<void> {
  const queue = [...Map.groupBy(messages, keyOf).values()];
  let failure: { err: unknown } | undefined;
  const worker = async () => {
    for (let lane = queue.shift(); lane; lane = queue.shift()) {
      for (const m of lane) {
        if (failure || !shouldGoOn()) return;
        try {
          await handle(m);
        } catch (err) {
          failure ??= { err };
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, worker));
  if (failure) throw failure.err;
}
