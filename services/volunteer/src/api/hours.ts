import { z } from 'zod';
import {
  etagOf,
  ForbiddenError,
  IllegalStateError,
  type HttpApp,
  commandContext,
} from '@fivesoc/service-kit';
import { standingOf } from '../domain/ledger/standing.ts';
import { HOURS_NATURES } from '../domain/rules/rules.ts';
import { idSchema } from '../domain/shared.ts';
import { streams } from '../domain/registry.ts';
import { ADMINS, assertOrganizer, assertSelfOrAdmin, loadVolunteer } from './access.ts';
import type { Deps } from './deps.ts';
import { rulesInForce } from './rules.ts';
import { loadTask } from './tasks.ts';
import { entryBody, errors, ledgerBody } from './responses.ts';

const tags = ['hours'];
const params = z.strictObject({ id: idSchema });
const entryParams = z.strictObject({ id: idSchema, entryId: z.string().regex(/^h\d{1,6}$/) });
const ORGANIZERS = [...ADMINS, 'organization', 'social_worker', 'integration_client'] as const;

/** The service-hours ledger (志愿服务时长): recorded by the organizer, confirmed by the volunteer. */
export function hoursRoutes(app: HttpApp, deps: Deps) {
  app.post(
    '/v1/volunteers/:id/hours',
    {
      config: { roles: [...ORGANIZERS], scope: 'place' },
      schema: {
        summary: 'Record service hours for a task the volunteer was assigned to (organizer)',
        tags,
        params,
        body: z.strictObject({
          taskId: idSchema,
          hours: z.number().multipleOf(0.25).min(0.25).max(24),
          /** work_duty: the shift was the volunteer's own job (a staff member's workday duty). */
          nature: z.enum(HOURS_NATURES).default('voluntary'),
        }),
        response: { 201: entryBody, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      const { state: task } = await loadTask(deps, req.body.taskId);
      assertOrganizer(req.principal, task.task);
      if (!task.assigned.includes(id))
        throw new IllegalStateError('the volunteer is not assigned to this task');
      const r = await deps.commands.ledger.run(
        id,
        {
          kind: 'record',
          taskId: req.body.taskId,
          minutes: Math.round(req.body.hours * 60),
          recordedBy: req.principal.subject,
          windowMinutes: Math.floor((Date.parse(task.task.endAt) - Date.parse(task.task.startAt)) / 60_000),
          startAt: task.task.startAt,
          ...(req.body.nature === 'work_duty' ? { nature: 'work_duty' as const } : {}),
        },
        { ...commandContext(req), retriesOnConflict: 20 },
      );
      // A repeated Idempotency-Key answers with the entry the first request made.
      const event =
        r.events[0] ??
        (await deps.store.readStream(streams.ledger(id))).find(
          (e) => e.streamVersion === r.append?.fromVersion,
        );
      const entryId = (event?.payload as { entryId?: string } | undefined)?.entryId;
      return reply.status(201).header('etag', etagOf(r.version)).send({ id, entryId, version: r.version });
    },
  );

  app.post(
    '/v1/volunteers/:id/hours/:entryId/confirmation',
    {
      config: { roles: ['volunteer'], scope: 'own' },
      schema: {
        summary: 'Confirm an entry (only the volunteer themselves)',
        tags,
        params: entryParams,
        response: { 200: entryBody, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      if (req.principal.subject !== req.params.id)
        throw new ForbiddenError('a volunteer confirms only their own hours');
      const r = await deps.commands.ledger.run(
        req.params.id,
        { kind: 'confirm', entryId: req.params.entryId },
        { ...commandContext(req, { headers: false }), retriesOnConflict: 20 },
      );
      return reply
        .header('etag', etagOf(r.version))
        .send({ id: req.params.id, entryId: req.params.entryId, version: r.version });
    },
  );

  app.post(
    '/v1/volunteers/:id/hours/:entryId/reversal',
    {
      config: { roles: [...ORGANIZERS], scope: 'place' },
      schema: {
        summary: 'Correct an entry by a reversing entry (organizer of its task)',
        tags,
        params: entryParams,
        body: z.strictObject({ reason: z.string().trim().min(1).max(200) }),
        response: { 201: entryBody, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const { state } = await deps.commands.ledger.load(req.params.id);
      const entry = state.entries.find((e) => e.entryId === req.params.entryId);
      if (entry?.kind === 'service')
        assertOrganizer(req.principal, (await loadTask(deps, entry.taskId)).state.task);
      const r = await deps.commands.ledger.run(
        req.params.id,
        {
          kind: 'reverse',
          entryId: req.params.entryId,
          reason: req.body.reason,
          recordedBy: req.principal.subject,
        },
        { ...commandContext(req), retriesOnConflict: 20 },
      );
      const reversal = r.events[0]?.payload as { entryId?: string } | undefined;
      return reply
        .status(201)
        .header('etag', etagOf(r.version))
        .send({ id: req.params.id, entryId: reversal?.entryId, version: r.version });
    },
  );

  app.get(
    '/v1/volunteers/:id/hours',
    {
      config: { roles: [...ADMINS, 'volunteer'], scope: 'place_or_own' },
      schema: {
        summary:
          'The ledger, confirmed hours and star level, with the district rule (and its source) behind it',
        tags,
        params,
        response: { 200: ledgerBody, ...errors(404) },
      },
    },
    async (req, reply) => {
      const { state: v } = await loadVolunteer(deps, req.params.id);
      assertSelfOrAdmin(req.principal, req.params.id, v);
      const { state, version } = await deps.commands.ledger.load(req.params.id);
      const { rules, source } = await rulesInForce(deps, v.profile.place.districtCode);
      const s = standingOf(state, new Date(), deps.autoConfirmDays, rules);
      const counted = new Map(s.counted.map((e) => [e.entryId, e.effectiveConfirmedAt]));
      return reply.header('etag', etagOf(version)).send({
        id: req.params.id,
        entries: state.entries.map((e) => ({ ...e, effectiveConfirmedAt: counted.get(e.entryId) ?? null })),
        confirmedHours: s.confirmedHours,
        pendingHours: Math.round((s.pendingMinutes / 60) * 100) / 100,
        starLevel: s.starLevel,
        notCountedHours: Math.round((s.notCountedMinutes / 60) * 100) / 100,
        starRule: { ...rules, source },
        autoConfirmDays: deps.autoConfirmDays,
        version,
      });
    },
  );
}
