import { z } from 'zod';
import { fold, type HandleResult } from '@fivesoc/eventing';
import {
  ForbiddenError,
  NotFoundError,
  ValidationError,
  assertInScope,
  etagOf,
  type HttpApp,
  type Principal,
  commandContext,
} from '@fivesoc/service-kit';
import { placeSchema } from '../domain/organization/values.ts';
import { referralDecider, type ReferralCommand, type ReferralState } from '../domain/referral/decider.ts';
import { clientIdSchema, type ReferralEvent } from '../domain/referral/events.ts';
import { streams } from '../domain/registry.ts';
import { idParams, loadOrganization, type Deps } from './deps.ts';
import { assertPlace } from './registrations.ts';
import { errors, referralView } from './responses.ts';

/** Who refers a case's plan item and may withdraw it: the linkage service, and staff in the case's place. */
const REFERRERS = ['integration_client', 'district_admin', 'street_admin', 'community_staff'] as const;
const tags = ['referrals'];
const referralParams = z.object({ id: clientIdSchema });
const reasonBody = z.strictObject({ reason: z.string().trim().min(1).max(200) });
const referralBody = z.strictObject({
  referralId: clientIdSchema,
  caseId: clientIdSchema,
  itemId: clientIdSchema,
  field: z.string().trim().min(1).max(60),
  place: placeSchema,
  startAt: z.iso.datetime().optional(),
  endAt: z.iso.datetime().optional(),
});

/** The referral as of `upTo` (a replayed command answers with the state its first run left), or now. */
async function loadReferral(deps: Deps, id: string, upTo = Number.MAX_SAFE_INTEGER) {
  const stream = await deps.store.readStream<ReferralEvent>(streams.referral(id));
  const history = stream.filter((e) => e.streamVersion <= upTo);
  if (history.length === 0) throw new NotFoundError('referral', id);
  const state = fold(referralDecider, history);
  return { state, version: history.at(-1)!.streamVersion };
}

const viewOf = (s: ReferralState, version: number) => ({
  ...s.referral,
  status: s.status,
  ...(s.reason !== undefined ? { reason: s.reason } : {}),
  version,
});

const isOrganizationOf = (p: Principal, s: ReferralState) =>
  p.roles.includes('organization') && p.subject === s.referral?.organizationId;

/** Staff and integration clients act on referrals in the place of their case; an organization on its own. */
function assertMayRead(p: Principal, s: ReferralState): void {
  if (isOrganizationOf(p, s)) return;
  if (p.roles.every((r) => r === 'organization'))
    throw new ForbiddenError('an organization sees only the referrals made to it');
  assertInScope(p, s.referral?.place ?? {}, 'this referral');
}

/** 转介: a case's plan item referred to an organization, which accepts or declines; the referrer may cancel. */
export function referralRoutes(app: HttpApp, deps: Deps): void {
  const answer = async (id: string, r: HandleResult<ReferralState, ReferralEvent>) =>
    r.append?.replayed
      ? await loadReferral(deps, id, r.append.toVersion)
      : { state: r.state, version: r.version };

  app.post(
    '/v1/organizations/:id/referrals',
    {
      config: { roles: [...REFERRERS], scope: 'place' },
      schema: {
        response: { 201: referralView, ...errors(404, 409, 422) },
        summary:
          'Refer a case plan item to a registered or filed organization in normal activity and off the serious-violation list',
        tags,
        params: idParams,
        body: referralBody,
      },
    },
    async (req, reply) => {
      const b = req.body;
      assertPlace(b.place);
      if (b.startAt && b.endAt && Date.parse(b.endAt) <= Date.parse(b.startAt))
        throw new ValidationError('body.endAt', 'must be after startAt');
      assertInScope(req.principal, b.place, 'this case');
      const { state: org } = await loadOrganization(deps.store, req.params.id);
      const r = await deps.commands.referral.run(
        b.referralId,
        {
          kind: 'receive',
          referral: { ...b, organizationId: req.params.id },
          organization: {
            id: req.params.id,
            registration: org.registration,
            activity: org.activity,
            credit: org.credit,
          },
        },
        commandContext(req),
      );
      const { state, version } = await answer(b.referralId, r);
      return reply.status(201).header('etag', etagOf(version)).send(viewOf(state, version));
    },
  );

  const organizationAnswer = (
    path: string,
    summary: string,
    body: z.ZodType,
    toCommand: (b: never) => ReferralCommand,
  ) =>
    app.post(
      `/v1/referrals/:id/${path}`,
      {
        config: { roles: ['organization'], scope: 'own' },
        schema: {
          response: { 200: referralView, ...errors(404, 409, 422) },
          summary,
          tags,
          params: referralParams,
          body,
        },
      },
      async (req, reply) => {
        const { id } = req.params;
        const { state: current } = await loadReferral(deps, id);
        if (!isOrganizationOf(req.principal, current))
          throw new ForbiddenError('only the organization the referral was made to answers it');
        const { state, version } = await answer(
          id,
          await deps.commands.referral.run(id, toCommand(req.body as never), commandContext(req)),
        );
        return reply.header('etag', etagOf(version)).send(viewOf(state, version));
      },
    );
  organizationAnswer(
    'acceptance',
    'Accept a referral (as the organization it was made to)',
    z.strictObject({}),
    () => ({
      kind: 'accept',
    }),
  );
  organizationAnswer(
    'decline',
    'Decline a referral with a reason (as the organization it was made to)',
    reasonBody,
    (b: z.infer<typeof reasonBody>) => ({ kind: 'decline', reason: b.reason }),
  );

  app.post(
    '/v1/referrals/:id/cancellation',
    {
      config: { roles: [...REFERRERS], scope: 'place' },
      schema: {
        response: { 200: referralView, ...errors(404, 409, 422) },
        summary: 'Cancel a referral not yet answered (e.g. no answer before the referrer’s deadline)',
        tags,
        params: referralParams,
        body: reasonBody,
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      const { state: current } = await loadReferral(deps, id);
      assertInScope(req.principal, current.referral?.place ?? {}, 'this referral');
      const r = await deps.commands.referral.run(
        id,
        { kind: 'cancel', reason: req.body.reason },
        commandContext(req),
      );
      const { state, version } = await answer(id, r);
      return reply.header('etag', etagOf(version)).send(viewOf(state, version));
    },
  );

  app.get(
    '/v1/referrals/:id',
    {
      config: { roles: [...REFERRERS, 'organization'], scope: 'place_or_own' },
      schema: {
        response: { 200: referralView, ...errors(404) },
        summary: 'A referral with its status',
        tags,
        params: referralParams,
      },
    },
    async (req, reply) => {
      const { state, version } = await loadReferral(deps, req.params.id);
      assertMayRead(req.principal, state);
      return reply.header('etag', etagOf(version)).send(viewOf(state, version));
    },
  );
}
