import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AlreadyExistsError,
  assertInScope,
  etagOf,
  NotFoundError,
  TakenIdError,
  type HttpApp,
  type Principal,
  commandContext,
  newRecordId,
} from '@fivesoc/service-kit';
import { creatorSchema, taskPlaceSchema } from '../domain/task/events.ts';
import { idSchema, instantSchema, skillSchema } from '../domain/shared.ts';
import { ADMINS, assertMayCreateAs, assertOrganizer } from './access.ts';
import type { Deps } from './deps.ts';
import { acceptedSchema, errors, taskBody } from './responses.ts';

const tags = ['tasks'];
export const taskParams = z.strictObject({ id: idSchema });
/** Everyone who organizes or takes part in tasks. */
export const TASK_ROLES = [
  ...ADMINS,
  'organization',
  'social_worker',
  'integration_client',
  'volunteer',
] as const;

export async function loadTask(deps: Deps, id: string) {
  const { state, version } = await deps.commands.task.load(id);
  if (state.status === 'none') throw new NotFoundError('task', id);
  return { state, version };
}

export async function loadTaskInScope(deps: Deps, principal: Principal, id: string) {
  const loaded = await loadTask(deps, id);
  assertInScope(principal, loaded.state.task.place, 'this task');
  return loaded;
}

export function taskRoutes(app: HttpApp, deps: Deps) {
  app.post(
    '/v1/tasks',
    {
      config: { roles: [...ADMINS, 'organization', 'social_worker', 'integration_client'], scope: 'place' },
      schema: {
        summary:
          'Create a volunteer task (by an organization, community staff or a case). A `taskId` of the ' +
          'caller names it (409 when taken); Idempotency-Key: a repeat gets the first answer',
        tags,
        body: z.strictObject({
          taskId: idSchema.optional(),
          title: z.string().trim().min(1).max(100),
          creator: creatorSchema,
          requiredSkills: z.array(skillSchema).max(14).default([]),
          startAt: instantSchema,
          endAt: instantSchema,
          place: taskPlaceSchema,
          headcount: z.number().int().min(1).max(500),
        }),
        response: { 201: acceptedSchema, ...errors(409, 422) },
      },
    },
    async (req, reply) => {
      assertMayCreateAs(req.principal, req.body.creator);
      assertInScope(req.principal, req.body.place, 'the task community');
      const { taskId: chosen, ...definition } = req.body;
      const ctx = commandContext(req);
      // The caller's `taskId`; else one derived from the Idempotency-Key (a repeat is the same task).
      const taskId = chosen ?? newRecordId(ctx, 't');
      const r = await deps.commands.task
        .run(taskId, { kind: 'create', task: { taskId, ...definition } }, ctx)
        .catch((err: unknown) => {
          if (chosen !== undefined && err instanceof AlreadyExistsError)
            throw new TakenIdError('body.taskId', 'task', chosen);
          throw err;
        });
      // A repeat (Idempotency-Key) answers as the first request did, even if the task moved on since.
      const version = r.append?.toVersion ?? r.version;
      return reply.status(201).header('etag', etagOf(version)).send({ id: taskId, version });
    },
  );

  app.get(
    '/v1/tasks/:id',
    {
      config: { roles: [...TASK_ROLES], scope: 'place' },
      schema: {
        summary: 'A task with its sign-ups and assignments',
        tags,
        params: taskParams,
        response: { 200: taskBody, ...errors(404) },
      },
    },
    async (req, reply) => {
      const { state, version } = await loadTaskInScope(deps, req.principal, req.params.id);
      const { task, status, signedUp, assigned } = state;
      return reply.header('etag', etagOf(version)).send({ ...task, status, signedUp, assigned, version });
    },
  );

  app.post(
    '/v1/tasks/:id/cancellation',
    {
      config: { roles: [...ADMINS, 'organization', 'social_worker', 'integration_client'], scope: 'place' },
      schema: {
        summary: 'Cancel a task (its assigned windows are released)',
        tags,
        params: taskParams,
        body: z.strictObject({ reason: z.string().trim().min(1).max(200) }),
        response: { 200: acceptedSchema, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const { state } = await loadTask(deps, req.params.id);
      assertOrganizer(req.principal, state.task);
      const r = await deps.commands.task.run(
        req.params.id,
        { kind: 'cancel', taskId: req.params.id, reason: req.body.reason },
        commandContext(req),
      );
      if (r.state.status !== 'none')
        for (const v of r.state.assigned) await releaseWindow(deps, req, v, req.params.id, 'task cancelled');
      return reply.header('etag', etagOf(r.version)).send({ id: req.params.id, version: r.version });
    },
  );
}

/** Frees a volunteer's window for a task (a no-op when it is not booked). */
export async function releaseWindow(
  deps: Deps,
  req: FastifyRequest,
  volunteerId: string,
  taskId: string,
  reason: string,
) {
  await deps.commands.schedule.run(
    volunteerId,
    { kind: 'release', taskId, reason },
    { ...commandContext(req, { headers: false }), retriesOnConflict: 10 },
  );
}
