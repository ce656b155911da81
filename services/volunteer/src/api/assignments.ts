import { z } from 'zod';
import {
  ForbiddenError,
  IllegalStateError,
  etagOf,
  type HttpApp,
  commandContext,
} from '@fivesoc/service-kit';
import { idSchema } from '../domain/shared.ts';
import { ADMINS, assertOrganizer, assertSelfOrAdmin, loadVolunteer } from './access.ts';
import type { Deps } from './deps.ts';
import { loadTask, loadTaskInScope, releaseWindow, taskParams } from './tasks.ts';
import { acceptedSchema, assignedBody, errors, scheduleBody } from './responses.ts';

const tags = ['tasks'];

async function activeVolunteer(deps: Deps, id: string) {
  const { state } = await loadVolunteer(deps, id);
  if (state.status !== 'active') throw new IllegalStateError(`volunteer ${id} has been erased`);
  return state;
}

/** Sign-ups by volunteers, assignments by organizers, and each volunteer's schedule. */
export function assignmentRoutes(app: HttpApp, deps: Deps) {
  app.post(
    '/v1/tasks/:id/sign-ups',
    {
      config: { roles: ['volunteer'], scope: 'own' },
      schema: {
        summary: 'Sign up for a task (the caller is the volunteer)',
        tags,
        params: taskParams,
        response: { 201: acceptedSchema, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      await activeVolunteer(deps, req.principal.subject);
      await loadTaskInScope(deps, req.principal, req.params.id);
      const r = await deps.commands.task.run(
        req.params.id,
        {
          kind: 'signUp',
          taskId: req.params.id,
          volunteerId: req.principal.subject,
        },
        { ...commandContext(req, { headers: false }), retriesOnConflict: 20 },
      );
      return reply
        .status(201)
        .header('etag', etagOf(r.version))
        .send({ id: req.params.id, version: r.version });
    },
  );

  app.delete(
    '/v1/tasks/:id/sign-ups/:volunteerId',
    {
      config: { roles: ['volunteer'], scope: 'own' },
      schema: {
        summary: 'Withdraw from a task; an assigned volunteer frees the seat and the window',
        tags,
        params: z.strictObject({ id: idSchema, volunteerId: idSchema }),
        response: { 200: acceptedSchema, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      if (req.principal.subject !== req.params.volunteerId)
        throw new ForbiddenError('a volunteer withdraws only themselves');
      const r = await deps.commands.task.run(
        req.params.id,
        {
          kind: 'withdraw',
          taskId: req.params.id,
          volunteerId: req.params.volunteerId,
        },
        { ...commandContext(req, { headers: false }), retriesOnConflict: 20 },
      );
      // The seat is free first; a crash here leaves a window that only blocks this volunteer (see README).
      await releaseWindow(deps, req, req.params.volunteerId, req.params.id, 'withdrew');
      return reply.header('etag', etagOf(r.version)).send({ id: req.params.id, version: r.version });
    },
  );

  app.post(
    '/v1/tasks/:id/assignments',
    {
      config: { roles: [...ADMINS, 'organization', 'social_worker', 'integration_client'], scope: 'place' },
      schema: {
        summary:
          'Assign a volunteer: books their window, then a seat (never over headcount, never double-booked)',
        tags,
        params: taskParams,
        body: z.strictObject({ volunteerId: idSchema }),
        response: { 201: assignedBody, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const taskId = req.params.id;
      const { volunteerId } = req.body;
      const { state } = await loadTask(deps, taskId);
      assertOrganizer(req.principal, state.task);
      const volunteer = await activeVolunteer(deps, volunteerId);
      const missing = state.task.requiredSkills.filter((k) => !volunteer.profile.skills.includes(k));
      if (missing.length > 0)
        throw new IllegalStateError('the volunteer lacks skills the task requires', { missing });
      // Step 1: the volunteer's window (their schedule refuses overlaps). A window already booked for this
      // task (a retried request) is kept, and not released below, since an earlier request owns it.
      const { startAt, endAt } = state.task;
      const booking = await deps.commands.schedule.run(
        volunteerId,
        { kind: 'book', taskId, startAt, endAt, maxHoursPerWeek: volunteer.profile.maxHoursPerWeek },
        { ...commandContext(req, { headers: false }), retriesOnConflict: 20 },
      );
      try {
        // Step 2: the seat (the task refuses past its headcount).
        const r = await deps.commands.task.run(
          taskId,
          { kind: 'assign', taskId, volunteerId },
          { ...commandContext(req, { headers: false }), retriesOnConflict: 20 },
        );
        return reply
          .status(201)
          .header('etag', etagOf(r.version))
          .send({ id: taskId, volunteerId, version: r.version });
      } catch (err) {
        // Compensation: the task refused, so the window we just took goes back.
        if (booking.events.length > 0)
          await releaseWindow(deps, req, volunteerId, taskId, 'assignment refused');
        throw err;
      }
    },
  );

  app.get(
    '/v1/volunteers/:id/schedule',
    {
      config: { roles: [...ADMINS, 'volunteer'], scope: 'place_or_own' },
      schema: {
        summary: "A volunteer's booked task windows",
        tags: ['volunteers'],
        params: z.strictObject({ id: idSchema }),
        response: { 200: scheduleBody, ...errors(404) },
      },
    },
    async (req, reply) => {
      const { state: v } = await loadVolunteer(deps, req.params.id);
      assertSelfOrAdmin(req.principal, req.params.id, v);
      const { state, version } = await deps.commands.schedule.load(req.params.id);
      return reply
        .header('etag', etagOf(version))
        .send({ id: req.params.id, windows: state.windows, version });
    },
  );
}
