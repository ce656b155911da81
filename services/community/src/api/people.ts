import { z } from 'zod';
import { aggregate, type NewEvent } from '@fivesoc/eventing';
import { inScope, NotFoundError, type HttpApp, commandContext } from '@fivesoc/service-kit';
import { needDecider, needStreamId, personStreamId } from '../domain/needs/index.ts';
import { personPlaces } from '../projections/personPlaces.ts';
import type { Deps } from './deps.ts';
import { mergedInto, personState } from './mergeState.ts';
import { peopleIndex } from '../projections/peopleIndex.ts';
import { errors, noContent } from './responses.ts';

/**
 * Erasure (PIPL right to deletion): the person's data key is deleted, so every sealed copy of their data
 * (in events, projections, backups, Kafka) is unreadable; an event records that it happened. Scoped by the
 * place of the person's need: a person of another place is "not found", and nothing is erased. With the
 * need's last person goes the need's free-text description (its own key, `need-<id>`). A person merged
 * with others (issue 15) is erased with every merged part, and their blind indexes go with them.
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
      // A merged person is one resident with their survivor: erasing any of them erases every merged part.
      const root = (await mergedInto(deps, personId)) ?? personId;
      const parts = (await personState(deps, root)).parts.map((p) => p.personId);
      const members = [...new Set([personId, root, ...parts])];
      const opts = commandContext(req);
      // Not a decision but a record of what the vault did, appended at whatever version the stream is at
      // (no handler: the relay hears its own store's appends, so nothing needs waking either).
      const record = async (keyId: string, needId: string) => {
        const event: NewEvent = { type: 'PersonalDataErased', payload: { personId: keyId, needId } };
        await deps.store.append(personStreamId(keyId), 'any', [event], {
          metadata: opts.metadata,
          occurredAt: opts.now,
        });
      };
      const needs = new Set<string>();
      let erasedAny = false;
      for (const member of members) {
        const at = member === personId ? place : await personPlaces(deps.db).findOne({ _id: member });
        await peopleIndex(deps.db, deps.blindIndexKey).forget(member);
        if (!at || !(await deps.vault.erase(member))) continue;
        erasedAny = true;
        needs.add(at.needId);
        await record(member, at.needId);
      }
      if (!erasedAny) throw new NotFoundError('personal data of person', personId);
      for (const needId of needs) {
        const { state } = await aggregate(deps.store, needDecider, needStreamId(needId));
        const left = await Promise.all(
          state.people.map(async (p) => (await deps.vault.open(p.data)) !== null),
        );
        const descriptionKey = `need-${needId}`;
        if (!left.includes(true) && (await deps.vault.erase(descriptionKey)))
          await record(descriptionKey, needId);
      }
      return reply.status(204).send();
    },
  );
}
