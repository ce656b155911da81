import { z } from 'zod';
import type { NewEvent } from '@fivesoc/eventing';
import { inScope, NotFoundError, type HttpApp } from '@fivesoc/service-kit';
import { personStreamId } from '../domain/needs/index.ts';
import { personPlaces } from '../projections/personPlaces.ts';
import { commandOptions, type Deps } from './deps.ts';
import { loadNeed } from './needCommands.ts';
import { errors, noContent } from './responses.ts';

/**
 * Erasure (PIPL right to deletion): the person's data key is deleted, so every sealed copy of their data
 * (in events, projections, backups, Kafka) is unreadable; an event records that it happened. Scoped by the
 * place of the person's need: a person of another place is "not found", and nothing is erased. With the
 * need's last person goes the need's free-text description (its own key, `need-<id>`).
 */
export function peopleRoutes(app: HttpApp, deps: Deps): void {
  app.delete(
    '/v1/people/:personId/personal-data',
    {
      config: { roles: ['district_admin'], scope: 'place' },
      schema: {
        summary:
          "Erase a person's personal data (crypto-shredding), and the need's description with its last person",
        tags: ['needs'],
        params: z.object({ personId: z.uuid() }),
        response: { 204: noContent, ...errors(404) },
      },
    },
    async (req, reply) => {
      const { personId } = req.params;
      const place = await personPlaces(deps.db).findOne({ _id: personId });
      if (!place || !inScope(req.principal, place))
        throw new NotFoundError('personal data of person', personId);
      const erased = await deps.vault.erase(personId);
      if (!erased) throw new NotFoundError('personal data of person', personId);
      const opts = commandOptions(req);
      const record = async (keyId: string) => {
        const event: NewEvent = {
          type: 'PersonalDataErased',
          payload: { personId: keyId, needId: place.needId },
        };
        await deps.store.append(personStreamId(keyId), 'any', [event], {
          metadata: opts.metadata,
          occurredAt: opts.now,
        });
      };
      await record(personId);
      const { state } = await loadNeed(deps, req.principal, place.needId);
      const left = await Promise.all(state.people.map(async (p) => (await deps.vault.open(p.data)) !== null));
      const descriptionKey = `need-${place.needId}`;
      if (!left.includes(true) && (await deps.vault.erase(descriptionKey))) await record(descriptionKey);
      deps.relay.notify();
      return reply.status(204).send();
    },
  );
}
