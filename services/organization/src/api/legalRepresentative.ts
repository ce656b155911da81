import { z } from 'zod';
import { NotFoundError, assertInScope, type HttpApp } from '@fivesoc/service-kit';
import { idParams, loadOrganization, type Deps } from './deps.ts';
import { erasureAnswer, errors, legalRepresentative } from './responses.ts';

const tags = ['personal data'];
const person = z.object({ name: z.string(), phone: z.string() });

/**
 * The legal representative's personal data, for those who register (the authority) or file (the street):
 * opened from the vault on request, erasable on request (PIPL), after which every sealed copy is unreadable.
 */
export function legalRepresentativeRoutes(app: HttpApp, deps: Deps): void {
  const roles = ['registration_authority', 'street_admin'] as const;

  app.get(
    '/v1/organizations/:id/legal-representative',
    {
      config: { roles: [...roles], scope: 'place' },
      schema: {
        response: { 200: legalRepresentative, ...errors(404) },
        summary: 'The legal representative’s name and phone',
        tags,
        params: idParams,
      },
    },
    async (req) => {
      const { state } = await loadOrganization(deps.store, req.params.id);
      assertInScope(req.principal, state.place ?? {}, 'this organization');
      const data = state.legalRepresentative
        ? await deps.vault.openFor(state.legalRepresentative, {
            req,
            record: `organization ${req.params.id} legal representative`,
            place: state.place!,
          })
        : null;
      if (!data) throw new NotFoundError('legal representative data of organization', req.params.id);
      return person.parse(data);
    },
  );

  app.post(
    '/v1/organizations/:id/legal-representative/erasure',
    {
      config: { roles: [...roles], scope: 'place' },
      schema: {
        response: { 200: erasureAnswer, ...errors(404) },
        summary: 'Erase the legal representative’s data (crypto-shredding)',
        tags,
        params: idParams,
        body: z.strictObject({}),
      },
    },
    async (req) => {
      const { state } = await loadOrganization(deps.store, req.params.id);
      assertInScope(req.principal, state.place ?? {}, 'this organization');
      const erased = state.legalRepresentative
        ? await deps.vault.erase(state.legalRepresentative.personId)
        : false;
      req.log.info({ organizationId: req.params.id, erased }, 'legal representative data erased');
      return { erased };
    },
  );
}
