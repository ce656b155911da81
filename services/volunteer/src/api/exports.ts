import { z } from 'zod';
import {
  columnsFor,
  errors,
  exportFile,
  inChunks,
  mapBounded,
  personalExport,
  personalExportQuery,
  recordViewings,
  scopeFilter,
  sendExport,
  type HttpApp,
  type Role,
} from '@fivesoc/service-kit';
import type { FastifyRequest } from 'fastify';
import { standingOf } from '../domain/ledger/standing.ts';
import type { VolunteerRules } from '../domain/rules/rules.ts';
import { skillSchema } from '../domain/shared.ts';
import type { PersonalData } from '../domain/volunteer/events.ts';
import { VOLUNTEER_COLUMNS, VOLUNTEER_SHEET, type VolunteerExportRow } from '../exports/columns.ts';
import { volunteerList, type VolunteerRow } from '../projections/volunteerList.ts';
import { ADMINS } from './access.ts';
import type { Deps } from './deps.ts';
import { rulesInForce } from './rules.ts';

/** Who exports the volunteer roll: the admins who keep it (community staff, street and district admins). */
export const VOLUNTEER_EXPORT_ROLES: Role[] = [...ADMINS];
/**
 * Names and phones in bulk: street and district offices only. Community staff read one volunteer at a
 * time, but a file of everyone's phone is a bigger thing to hand out (PIPL: the least that serves).
 */
export const VOLUNTEER_PERSONAL_EXPORT_ROLES: Role[] = ['street_admin', 'district_admin'];

const CHUNK = 200;
/** Ledger streams read at once per chunk (FerretDB's pool is about 100 connections per database). */
const IN_FLIGHT = 16;

/** Each volunteer's standing (and, for a personal export, name and phone), a chunk at a time. */
function exportRows(deps: Deps, req: FastifyRequest, personal: boolean, rows: AsyncIterable<VolunteerRow>) {
  const now = new Date();
  const rules = new Map<string, Promise<VolunteerRules>>();
  const rulesOf = (district: string) => {
    if (!rules.has(district))
      rules.set(
        district,
        rulesInForce(deps, district).then((r) => r.rules),
      );
    return rules.get(district)!;
  };
  return inChunks(rows, CHUNK, async (chunk) => {
    const out = await mapBounded(chunk, IN_FLIGHT, async (v): Promise<VolunteerExportRow> => {
      const { state } = await deps.commands.ledger.load(v._id);
      const s = standingOf(state, now, deps.autoConfirmDays, await rulesOf(v.districtCode));
      const data = personal ? await personalOf(deps, v._id) : undefined;
      return {
        id: v._id,
        districtCode: v.districtCode,
        streetCode: v.streetCode,
        communityCode: v.communityCode,
        skills: v.skills,
        languages: v.languages,
        weekdays: v.weekdays,
        registeredAt: v.registeredAt,
        confirmedHours: s.confirmedHours,
        pendingHours: Math.round((s.pendingMinutes / 60) * 100) / 100,
        starLevel: s.starLevel,
        ...(data ? { name: data.name, phone: data.phone } : {}),
      };
    });
    if (personal) {
      // One access-log insert per chunk: every volunteer whose name and phone went into the file.
      const byId = new Map(chunk.map((v) => [v._id, v]));
      const viewed = out
        .filter((r) => r.name !== undefined)
        .map((r) => {
          const { districtCode, streetCode, communityCode } = byId.get(r.id)!;
          return {
            personId: r.id,
            record: `volunteer ${r.id}`,
            place: { districtCode, streetCode, communityCode },
          };
        });
      await recordViewings(deps.db, req, viewed, 'export');
    }
    return out;
  });
}

async function personalOf(deps: Deps, id: string): Promise<PersonalData | null> {
  const { state } = await deps.commands.volunteer.load(id);
  return state.status === 'active' ? deps.vault.open<PersonalData>(state.personal) : null;
}

/** GET /v1/exports/volunteers: the volunteer roll with confirmed hours and stars, as XLSX or CSV. */
export function exportRoutes(app: HttpApp, deps: Deps) {
  app.get(
    '/v1/exports/volunteers',
    {
      config: { roles: VOLUNTEER_EXPORT_ROLES, scope: 'place' },
      schema: {
        summary:
          'Export volunteers with confirmed hours and star level (XLSX or CSV; names and phones with personal=true, recorded)',
        tags: ['exports'],
        querystring: z.strictObject({
          ...personalExportQuery,
          skill: skillSchema.optional(),
          communityCode: z
            .string()
            .regex(/^[0-9A-Za-z_-]{1,20}$/)
            .optional(),
        }),
        response: { 200: exportFile, ...errors(400, 403) },
      },
    },
    async (req, reply) => {
      const { format, lang, skill, communityCode } = req.query;
      const personal = personalExport(req.principal, req.query.personal, VOLUNTEER_PERSONAL_EXPORT_ROLES);
      const cursor = volunteerList(deps.db)
        .find({
          $and: [
            scopeFilter(req.principal),
            { erased: false },
            skill ? { skills: skill } : {},
            communityCode ? { communityCode } : {},
          ],
        })
        .sort({ _id: 1 })
        .batchSize(500);
      const columns = columnsFor(VOLUNTEER_COLUMNS, personal);
      return sendExport(reply, 'volunteers', exportRows(deps, req, personal, cursor), columns, {
        format,
        lang,
        sheet: VOLUNTEER_SHEET,
      });
    },
  );
}
