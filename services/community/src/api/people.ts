import { z } from 'zod';
import type { NewEvent } from '@fivesoc/eventing';
import { NotFoundError, type HttpApp } from '@fivesoc/service-kit';
import { personStreamId } from '../domain/needs/index.ts';
import { commandOptions, type Deps } from './deps.ts';

/**
 * Erasure (PIPL right to deletion): the person's data key is deleted, so every sealed copy of their data
 * (in events, projections, backups, Kafka) is unreadable; an event records that it happened.
 */
export function peopleRoutes(app: HttpApp, deps: Deps): void {
  app.delete(
    '/v1/people/:personId/personal-data',
    {
      config: { roles: ['district_admin'], scope: 'place' },
      schema: {
        summary: "Erase a person's personal data (crypto-shredding)",
        tags: ['needs'],
        params: z.object({ personId: z.uuid() }),
      },
    },
    async (req, reply) => {
      const { personId } = req.params;
      const erased = await deps.vault.erase(personId);
      if (!erased) throw new NotFoundError('personal data of person', personId);
      const opts = commandOptions(req);
      const event: NewEvent = { type: 'PersonalDataErased', payload: { personId } };
      await deps.store.append(personStreamId(personId), 'any', [event], {
        metadata: opts.metadata,
        occurredAt: opts.now,
      });
      deps.relay.notify();
      return reply.status(204).send();
    },
  );
}
