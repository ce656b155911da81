import { aggregate } from '@fivesoc/eventing';
import { z } from 'zod';
import {
  assertInScope,
  historyRoute,
  NotFoundError,
  type HttpApp,
  commandContext,
  newRecordId,
} from '@fivesoc/service-kit';
import {
  available,
  donationDecider,
  donationStreamId,
  giftSchema,
  restrictionSchema,
  type DonationState,
} from '../domain/donation/index.ts';
import { donorDecider, donorStreamId } from '../domain/donor/index.ts';
import { id, placeSchema, quantity, shortText } from '../domain/shared.ts';
import { etagOf, INTAKE_ROLES, READ_ROLES, type Deps } from './deps.ts';
import { requireFund } from './funds.ts';
import { donationCreated, donationBody, errors } from './responses.ts';

const tags = ['donations'];
const params = z.object({ id });

export async function requireDonation(store: Deps['store'], donationId: string) {
  const { state, version, events } = await aggregate(store, donationDecider, donationStreamId(donationId));
  if (!state.registered) throw new NotFoundError('donation', donationId);
  return { state, version, events };
}

export const donationView = (s: Extract<DonationState, { registered: true }>) => ({
  ...s,
  entries: Object.values(s.entries),
  available: available(s.totals),
});

export function donationRoutes(app: HttpApp, { store, commands }: Deps): void {
  app.post(
    '/v1/donations',
    {
      config: { roles: INTAKE_ROLES, scope: 'place' },
      schema: {
        summary: 'Register a donation of money (fen), goods or service hours, to a fund or direct',
        tags,
        body: z.strictObject({
          donorId: id,
          fundId: id.optional(),
          gift: giftSchema,
          restriction: restrictionSchema.nullable().default(null),
          ...placeSchema.shape,
        }),
        response: { 201: donationCreated, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const { donorId, fundId, gift, restriction, ...place } = req.body;
      assertInScope(req.principal, place, 'the donation’s place');
      const donor = await aggregate(store, donorDecider, donorStreamId(donorId));
      if (!donor.state.registered) throw new NotFoundError('donor', donorId);
      if (fundId) await requireFund(store, fundId);
      const ctx = commandContext(req);
      const donationId = newRecordId(ctx);
      const donation = {
        donationId,
        donorId,
        donorKind: donor.state.kind,
        ...(fundId ? { fundId } : {}),
        gift,
        restriction,
        ...place,
      };
      const r = await commands.donation.run(donationId, { kind: 'register', donation }, ctx);
      return reply.status(201).header('etag', etagOf(r.version)).send({ donationId });
    },
  );

  app.get(
    '/v1/donations/:id',
    {
      config: { roles: [...READ_ROLES, 'social_worker'], scope: 'place' },
      schema: {
        summary: 'A donation with its ledger entries, totals and available amount',
        tags,
        params,
        response: { 200: donationBody, ...errors(404) },
      },
    },
    async (req, reply) => {
      const { state, version } = await requireDonation(store, req.params.id);
      assertInScope(req.principal, state, 'this donation');
      return reply.header('etag', etagOf(version)).send(donationView(state));
    },
  );

  historyRoute(app, {
    url: '/v1/donations/:id/history',
    roles: [...READ_ROLES, 'social_worker'],
    scope: 'place',
    record: 'donation',
    params,
    tags,
    read: async (req) => {
      const { state, events } = await requireDonation(store, req.params.id);
      assertInScope(req.principal, state, 'this donation');
      return events;
    },
  });

  app.post(
    '/v1/donations/:id/receipts',
    {
      config: { roles: INTAKE_ROLES, scope: 'place' },
      schema: {
        summary: 'Record what of a donation was actually received (fen, goods count or hours)',
        tags,
        params,
        body: z.strictObject({ quantity, receiptNo: shortText.optional() }),
        response: { 201: donationBody, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const { state } = await requireDonation(store, req.params.id);
      assertInScope(req.principal, state, 'this donation');
      const r = await commands.donation.run(
        req.params.id,
        { kind: 'receive', ...req.body },
        { ...commandContext(req), retriesOnConflict: 20 },
      );
      return reply
        .status(201)
        .header('etag', etagOf(r.version))
        .send(donationView(registered(r.state)));
    },
  );
}

export function registered(s: DonationState): Extract<DonationState, { registered: true }> {
  if (!s.registered) throw new NotFoundError('donation', '?');
  return s;
}
