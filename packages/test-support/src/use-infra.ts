import { inject } from 'vitest';
import { NO_INFRA_MESSAGE, infraFromEnv, type TestInfra } from './infra.ts';

/** The real Kafka and MongoDB for this run; throws the how-to-start message when there are none. */
export function useInfra(): TestInfra {
  const provided = inject('infra') ?? infraFromEnv();
  if (!provided) throw new Error(inject('infraError') ?? NO_INFRA_MESSAGE);
  return provided;
}
