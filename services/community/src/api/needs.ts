import { z } from 'zod';
import { etagOf, historyRoute, type HttpApp, commandContext, newRecordId } from '@fivesoc/service-kit';
import { needStreamId, NEED_CATEGORIES, URGENCIES, WITHDRAW_REASONS } from '../domain/needs/index.ts';
import { type Deps } from './deps.ts';
import { loadNeed, needInput, needView, reportNeed } from './needCommands.ts';
import { errors, needBody } from './responses.ts';
import { reportedDuplicates, reportedNeedBody } from './duplicateSearch.ts';

/** Who handles needs: community staff in their community, street admins in their street, district admins. */
export const NEED_ROLES = ['community_staff', 'street_admin', 'district_admin'] as const;
const config = { roles: NEED_ROLES, scope: 'place' as const };
const tags = ['needs'];
const params = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/) });

/** 需求: report, read, update, withdraw. */
export function needRoutes(app: HttpApp, deps: Deps): void {
  app.post(
    '/v1/needs',
    {
      config,
      schema: {
        summary: 'Report a resident need (personal data is sealed per person)',
        tags,
        body: needInput,
        response: { 201: reportedNeedBody, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const opts = commandContext(req);
      const needId = newRecordId(opts);
      const r = await reportNeed(deps, req.principal, needId, req.body, opts);
      const fresh = r.append !== undefined && !r.append.replayed;
      // A fresh report happened now; a replayed one when its stream says (read once, here).
      const reportedAt = fresh
        ? opts.now.toISOString()
        : r.append
          ? (await deps.store.readStream(needStreamId(needId)))[0]!.occurredAt
          : '';
      const view = await needView(deps, r.state, reportedAt, fresh ? r.clear : undefined);
      // Search-before-create's answer after the fact: whom each person may duplicate (in the caller's scope).
      const possibleDuplicates = await reportedDuplicates(deps, req, needId, view.people);
      return reply
        .status(201)
        .header('etag', etagOf(r.version))
        .send({ ...view, possibleDuplicates });
    },
  );

  app.get(
    '/v1/needs/:id',
    {
      config,
      schema: {
        summary: 'A need with its people (erased people are marked so)',
        tags,
        params,
        response: { 200: needBody, ...errors(404) },
      },
    },
    async (req, reply) => {
      const n = await loadNeed(deps, req.principal, req.params.id);
      return reply
        .header('etag', etagOf(n.version))
        .send(await needView(deps, n.state, n.reportedAt, undefined, req));
    },
  );

  historyRoute(app, {
    url: '/v1/needs/:id/history',
    ...config,
    record: 'need',
    params,
    tags,
    read: async (req) => (await loadNeed(deps, req.principal, req.params.id)).events,
  });

  app.patch(
    '/v1/needs/:id',
    {
      config,
      schema: {
        summary: 'Change the category, urgency or description of an open need',
        tags,
        params,
        body: z.strictObject({
          category: z.enum(NEED_CATEGORIES).optional(),
          urgency: z.enum(URGENCIES).optional(),
          description: z.string().trim().min(1).max(2000).optional(),
        }),
        response: { 200: needBody, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const n = await loadNeed(deps, req.principal, req.params.id);
      const { category, urgency, description } = req.body;
      const sealed = description
        ? await deps.vault.seal(`need-${n.state.needId}`, { text: description })
        : undefined;
      const command = {
        kind: 'update' as const,
        ...(category ? { category } : {}),
        ...(urgency ? { urgency } : {}),
        ...(sealed ? { description: sealed } : {}),
      };
      const r = await deps.commands.need.run(req.params.id, command, commandContext(req));
      return reply
        .header('etag', etagOf(r.version))
        .send(await needView(deps, r.state, n.reportedAt, undefined, req));
    },
  );

  app.post(
    '/v1/needs/:id/withdraw',
    {
      config,
      schema: {
        summary: 'Withdraw a need',
        tags,
        params,
        body: z.strictObject({ reason: z.enum(WITHDRAW_REASONS) }),
        response: { 200: needBody, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const n = await loadNeed(deps, req.principal, req.params.id);
      const command = { kind: 'withdraw' as const, reason: req.body.reason };
      const r = await deps.commands.need.run(req.params.id, command, commandContext(req));
      return reply
        .header('etag', etagOf(r.version))
        .send(await needView(deps, r.state, n.reportedAt, undefined, req));
    },
  );
}
