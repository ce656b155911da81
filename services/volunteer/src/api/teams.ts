import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  assertInScope,
  etagOf,
  IllegalStateError,
  NotFoundError,
  type HttpApp,
  commandContext,
} from '@fivesoc/service-kit';
import { idSchema, placeSchema } from '../domain/shared.ts';
import { ADMINS, loadVolunteer } from './access.ts';
import type { Deps } from './deps.ts';
import { acceptedSchema, errors, teamBody } from './responses.ts';

const tags = ['teams'];
const teamParams = z.strictObject({ id: idSchema });

/** Team members must be registered, not erased, volunteers. */
async function activeVolunteer(deps: Deps, id: string) {
  const { state } = await loadVolunteer(deps, id);
  if (state.status !== 'active') throw new IllegalStateError(`volunteer ${id} has been erased`);
}

async function teamInScope(deps: Deps, req: { principal: Parameters<typeof assertInScope>[0] }, id: string) {
  const { state, version } = await deps.commands.team.load(id);
  if (!state.formed) throw new NotFoundError('team', id);
  assertInScope(req.principal, state.place, 'this team');
  return { state, version };
}

/** Volunteer teams (志愿服务队): formed with a leader, members added and removed by admins in scope. */
export function teamRoutes(app: HttpApp, deps: Deps) {
  app.post(
    '/v1/teams',
    {
      config: { roles: ADMINS, scope: 'place' },
      schema: {
        summary: 'Form a volunteer team with its leader',
        tags,
        body: z.strictObject({
          name: z.string().trim().min(1).max(100),
          place: placeSchema,
          leaderId: idSchema,
        }),
        response: { 201: acceptedSchema, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      assertInScope(req.principal, req.body.place, 'the team community');
      await activeVolunteer(deps, req.body.leaderId);
      const teamId = `team-${randomUUID()}`;
      const r = await deps.commands.team.run(
        teamId,
        {
          kind: 'form',
          teamId,
          ...req.body,
        },
        commandContext(req, { headers: false }),
      );
      return reply.status(201).header('etag', etagOf(r.version)).send({ id: teamId, version: r.version });
    },
  );

  app.get(
    '/v1/teams/:id',
    {
      config: { roles: ADMINS, scope: 'place' },
      schema: {
        summary: 'A team, its leader and members',
        tags,
        params: teamParams,
        response: { 200: teamBody, ...errors(404) },
      },
    },
    async (req, reply) => {
      const { state, version } = await teamInScope(deps, req, req.params.id);
      if (!state.formed) throw new NotFoundError('team', req.params.id);
      const { formed: _f, ...team } = state;
      return reply.header('etag', etagOf(version)).send({ ...team, version });
    },
  );

  const memberCommand = (path: string, kind: 'addMember' | 'changeLeader', summary: string) =>
    app.post(
      path,
      {
        config: { roles: ADMINS, scope: 'place' },
        schema: {
          summary,
          tags,
          params: teamParams,
          body: z.strictObject({ volunteerId: idSchema }),
          response: { 200: acceptedSchema, ...errors(404, 409, 422) },
        },
      },
      async (req, reply) => {
        await teamInScope(deps, req, req.params.id);
        await activeVolunteer(deps, req.body.volunteerId);
        const r = await deps.commands.team.run(
          req.params.id,
          {
            kind,
            teamId: req.params.id,
            volunteerId: req.body.volunteerId,
          },
          { ...commandContext(req), retriesOnConflict: 0 },
        );
        return reply.header('etag', etagOf(r.version)).send({ id: req.params.id, version: r.version });
      },
    );
  memberCommand('/v1/teams/:id/members', 'addMember', 'Add a member to a team');
  memberCommand('/v1/teams/:id/leader', 'changeLeader', 'Make a member the team leader');

  app.delete(
    '/v1/teams/:id/members/:volunteerId',
    {
      config: { roles: ADMINS, scope: 'place' },
      schema: {
        summary: 'Remove a member (not the leader)',
        tags,
        params: z.strictObject({ id: idSchema, volunteerId: idSchema }),
        response: { 200: acceptedSchema, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      await teamInScope(deps, req, req.params.id);
      const r = await deps.commands.team.run(
        req.params.id,
        {
          kind: 'removeMember',
          teamId: req.params.id,
          volunteerId: req.params.volunteerId,
        },
        commandContext(req, { headers: false }),
      );
      return reply.header('etag', etagOf(r.version)).send({ id: req.params.id, version: r.version });
    },
  );
}
