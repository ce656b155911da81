import { z } from 'zod';
import {
  AlreadyExistsError,
  assertInScope,
  TakenIdError,
  ValidationError,
  type HttpApp,
  type Role,
  commandContext,
  newRecordId,
} from '@fivesoc/service-kit';
import type { Db } from 'mongodb';
import type { FastifyRequest } from 'fastify';
import {
  donationStreamId,
  targetSchema,
  type DonationCommand,
  type Target,
} from '../domain/donation/index.ts';
import { needPlaces } from '../projections/needPlaces.ts';
import { id, quantity, shortText } from '../domain/shared.ts';
import { etagOf, LEDGER_ROLES, RESERVE_ROLES, type Deps } from './deps.ts';
import { donationView, registered, requireDonation } from './donations.ts';
import { ledgerStepBody, errors } from './responses.ts';

const tags = ['ledger'];
const entryParams = z.object({ id, entryId: id });
const reason = z.strictObject({ reason: shortText });
const empty = z.strictObject({}).default({});

/** Ledger commands race with each other on purpose; the decider decides again on fresh state. */
const RETRIES = 30;

/** A reservation's need is one the community society reported, and the community it states is the need's. */
async function assertNeedPlace(db: Db, target: Target): Promise<void> {
  const need = await needPlaces(db).findOne({ _id: target.needId });
  if (!need)
    throw new ValidationError(
      'body.target.needId',
      `no need ${target.needId} reported by the community society (or its report has not reached charity yet)`,
    );
  if (need.communityCode !== target.communityCode)
    throw new ValidationError(
      'body.target.communityCode',
      `need ${target.needId} is in community ${need.communityCode}, not ${target.communityCode}`,
    );
}

export function ledgerRoutes(app: HttpApp, { store, db, commands }: Deps): void {
  async function run(req: FastifyRequest, donationId: string, command: DonationCommand) {
    const { state } = await requireDonation(store, donationId);
    assertInScope(req.principal, state, 'this donation');
    if (command.kind === 'reserve') await assertNeedPlace(db, command.target);
    const r = await commands.donation.run(donationId, command, {
      ...commandContext(req),
      retriesOnConflict: RETRIES,
    });
    return r;
  }

  app.post(
    '/v1/donations/:id/reservations',
    {
      config: { roles: RESERVE_ROLES, scope: 'place' },
      schema: {
        summary:
          'Reserve part of a received donation for a need; refused with the available amount when short. ' +
          "The need must be one the community society reported, and `target.communityCode` the need's own " +
          'community (400 naming the field otherwise). ' +
          'An `entryId` of the caller names the new entry (409 when the donation has it already).',
        tags,
        params: z.object({ id }),
        body: z.strictObject({ quantity, target: targetSchema, entryId: id.optional() }),
        response: { 201: ledgerStepBody, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const { entryId: chosen, ...body } = req.body;
      const entryId = chosen ?? newRecordId(commandContext(req));
      const streamId = donationStreamId(req.params.id);
      const r = await run(req, req.params.id, { kind: 'reserve', entryId, ...body }).catch((err: unknown) => {
        if (chosen !== undefined && err instanceof AlreadyExistsError)
          throw new TakenIdError('body.entryId', 'ledger entry', chosen);
        throw err;
      });
      // A repeated Idempotency-Key answers with the entry the first request made.
      const replayed = r.events.length === 0 && r.append;
      const first = replayed ? (await store.readStream(streamId, replayed.fromVersion))[0] : undefined;
      const view = donationView(registered(r.state));
      return reply
        .status(201)
        .header('etag', etagOf(r.version))
        .send({
          entryId: (first?.payload as { entryId?: string } | undefined)?.entryId ?? entryId,
          available: view.available,
          totals: view.totals,
        });
    },
  );

  const steps: {
    path: string;
    summary: string;
    roles: readonly Role[];
    body: z.ZodType;
    command: (entryId: string, body: never, newId: string) => DonationCommand;
  }[] = [
    {
      path: 'allocation',
      summary: 'Allocate a reserved entry to its need',
      roles: LEDGER_ROLES,
      body: empty,
      command: (entryId) => ({ kind: 'allocate', entryId }),
    },
    {
      path: 'disbursement',
      summary: 'Record that an allocated entry was disbursed (money) or delivered (goods, service)',
      roles: LEDGER_ROLES,
      body: empty,
      command: (entryId) => ({ kind: 'disburse', entryId }),
    },
    {
      path: 'receipt-confirmation',
      summary: 'Confirm the need received what was disbursed or delivered',
      roles: [...LEDGER_ROLES, 'community_staff', 'social_worker'],
      body: empty,
      command: (entryId) => ({ kind: 'confirmReceipt', entryId }),
    },
    {
      path: 'release',
      summary: 'Release a reservation (the need or case was cancelled): its amount is available again',
      roles: RESERVE_ROLES,
      body: reason,
      command: (entryId, body: { reason: string }) => ({ kind: 'release', entryId, reason: body.reason }),
    },
    {
      path: 'reversal',
      summary: 'Reverse an allocation by a new ledger entry; the original entry is never edited',
      roles: LEDGER_ROLES,
      body: reason,
      command: (entryId, body: { reason: string }, newId) => ({
        kind: 'reverse',
        entryId,
        reversalEntryId: newId,
        reason: body.reason,
      }),
    },
  ];

  for (const step of steps) {
    app.post(
      `/v1/donations/:id/entries/:entryId/${step.path}`,
      {
        config: { roles: step.roles, scope: 'place' },
        schema: {
          summary: step.summary,
          tags,
          params: entryParams,
          body: step.body,
          response: { 201: ledgerStepBody, ...errors(404, 409, 422) },
        },
      },
      async (req, reply) => {
        const command = step.command(req.params.entryId, req.body as never, newRecordId(commandContext(req)));
        const r = await run(req, req.params.id, command);
        // A reversal answers with its own new entry; a repeat (Idempotency-Key) derives the same one.
        const entryId = command.kind === 'reverse' ? command.reversalEntryId : req.params.entryId;
        const view = donationView(registered(r.state));
        return reply.status(201).header('etag', etagOf(r.version)).send({
          entryId,
          available: view.available,
          totals: view.totals,
        });
      },
    );
  }
}
