import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Db } from 'mongodb';
import { z } from 'zod';
import { decodeCursor, page, pageQuery, pageSchema } from './paging.ts';
import { withinScope } from './scope.ts';
import type { HttpApp } from './server.ts';
import type { Principal } from './auth.ts';

/**
 * PIPL's right to know who touched a person's data: every time a service opens a person's sealed data for
 * a caller, a `PersonalDataViewed` entry records who (subject and roles), by which route, why (the
 * caller's `X-Purpose` header, or the route when none is sent), when, the person's id and the record's
 * place. The entry holds no personal data itself; a district admin lists the entries of their place.
 */

export const PERSONAL_DATA_ACCESS = 'personal_data_access';

/** A caller outside HTTP (a gRPC call): who, which call, and why when they said. */
export interface RpcCaller {
  principal: Principal;
  /** The call, `LinkageService/GetApprovalNote`. */
  command: string;
  purpose?: string;
}

export interface Viewing {
  req: FastifyRequest | RpcCaller;
  /** The record the data belongs to (`volunteer v-1`, `organization o-1 legal representative`). */
  record: string;
  /** Where the record sits (what the list is scoped by). */
  place: { districtCode: string; streetCode?: string | undefined; communityCode?: string | undefined };
}

interface AccessEntry {
  _id: string;
  type: 'PersonalDataViewed';
  personId: string;
  record: string;
  reader: string;
  roles: string[];
  command: string;
  purpose: string;
  at: string;
  districtCode: string;
  streetCode?: string;
  communityCode?: string;
}

const purposeOf = (req: FastifyRequest, command: string): string => {
  const given = req.headers['x-purpose'];
  return typeof given === 'string' && given.trim() ? given.trim().slice(0, 200) : command;
};

const isHttp = (r: FastifyRequest | RpcCaller): r is FastifyRequest => 'routeOptions' in r;

function accessEntry(personId: string, v: Viewing, at: string, purpose?: string): AccessEntry {
  const r = v.req;
  const command = isHttp(r) ? `${r.method} ${r.routeOptions.url ?? r.url.split('?')[0]}` : r.command;
  return {
    _id: `${at}|${randomUUID()}`,
    type: 'PersonalDataViewed',
    personId,
    record: v.record,
    reader: r.principal.subject,
    roles: [...r.principal.roles],
    command,
    purpose: purpose ?? (isHttp(r) ? purposeOf(r, command) : r.purpose?.trim().slice(0, 200) || command),
    at,
    districtCode: v.place.districtCode,
    ...(v.place.streetCode ? { streetCode: v.place.streetCode } : {}),
    ...(v.place.communityCode ? { communityCode: v.place.communityCode } : {}),
  };
}

/** Records that `personId`'s data was opened for the request's caller (one insert; `_id` orders by time). */
export async function recordViewing(db: Db, personId: string, v: Viewing): Promise<void> {
  await db
    .collection<AccessEntry>(PERSONAL_DATA_ACCESS)
    .insertOne(accessEntry(personId, v, new Date().toISOString()));
}

/**
 * Records many openings in one insert (an export's chunk of rows), each person with their record and
 * place; `purpose` says why for all of them (`export`).
 */
export async function recordViewings(
  db: Db,
  req: Viewing['req'],
  viewed: readonly { personId: string; record: string; place: Viewing['place'] }[],
  purpose: string,
): Promise<void> {
  if (!viewed.length) return;
  const at = new Date().toISOString();
  await db
    .collection<AccessEntry>(PERSONAL_DATA_ACCESS)
    .insertMany(viewed.map((v) => accessEntry(v.personId, { req, ...v }, at, purpose)));
}

const entrySchema = z.object({
  _id: z.string(),
  type: z.literal('PersonalDataViewed'),
  personId: z.string(),
  record: z.string(),
  reader: z.string(),
  roles: z.array(z.string()),
  command: z.string(),
  purpose: z.string(),
  at: z.string(),
  districtCode: z.string(),
  streetCode: z.string().optional(),
  communityCode: z.string().optional(),
});

/** `GET /v1/personal-data-access`: who opened whose personal data, oldest first, for a district admin. */
export function personalDataAccessRoutes(app: HttpApp, db: Db): void {
  app.get(
    '/v1/personal-data-access',
    {
      config: { roles: ['district_admin'], scope: 'place' },
      schema: {
        summary:
          'Who opened a person’s personal data, when, by which route and why (PIPL), for the records of your place',
        tags: ['personal data'],
        querystring: z.object({ ...pageQuery, personId: z.string().max(200).optional() }),
        response: { 200: pageSchema(entrySchema) },
      },
    },
    async (req) => {
      const q = req.query;
      const after = decodeCursor(q.cursor);
      const rows = await db
        .collection<AccessEntry>(PERSONAL_DATA_ACCESS)
        .find(
          withinScope(
            req.principal,
            q.personId ? { personId: q.personId } : {},
            after ? { _id: { $gt: after.id } } : {},
          ),
        )
        .sort({ _id: 1 })
        .limit(q.limit + 1)
        .toArray();
      return page(rows, q.limit, (r) => r._id);
    },
  );
}
