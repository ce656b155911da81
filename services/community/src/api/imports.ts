import { z } from 'zod';
import { commandContext, type HttpApp } from '@fivesoc/service-kit';
import type { FastifyRequest } from 'fastify';
import type { Deps } from './deps.ts';
import { importLines } from './ndjson.ts';
import { needInput, reportNeed } from './needCommands.ts';
import { NEED_ROLES } from './needs.ts';
import { registerUnit } from './treeCommands.ts';

const report = z.array(
  z.object({
    line: z.number(),
    id: z.string().nullable(),
    status: z.enum(['accepted', 'duplicate', 'rejected']),
    reason: z.string().optional(),
  }),
);
const unitRecord = z.strictObject({
  level: z.enum(['district', 'street', 'community']),
  code: z.string().max(12),
  name: z.string().trim().min(1).max(100),
  parentCode: z.string().max(12).optional(),
});

/** Each record is its own command; the record id is its Idempotency-Key, so a re-upload changes nothing. */
const optionsFor = (req: FastifyRequest, id: string, line: number) => {
  const ctx = commandContext(req, { headers: false });
  // The record id is the Idempotency-Key (and a need's id): a re-upload lands on the same stream and replays.
  return {
    ...ctx,
    metadata: { ...ctx.metadata, correlationId: `${req.id}:${line}` },
    idempotencyKey: `import:${id}`,
  };
};

/** Bulk import as NDJSON (application/x-ndjson), one record per line, with a per-line report. */
export async function importRoutes(app: HttpApp, deps: Deps): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-ndjson',
      { parseAs: 'string', bodyLimit: 4 * 1024 * 1024 },
      (_req, body, done) => done(null, body),
    );
    const body = z.string().max(4 * 1024 * 1024);
    const log = (req: FastifyRequest) => (err: unknown, line: number) =>
      req.log.error({ err, line }, 'import line failed');

    scope.post(
      '/v1/imports/tree',
      {
        config: { roles: ['district_admin'], scope: 'place' },
        schema: {
          summary: 'Import districts, streets and communities (NDJSON, in parent-first order)',
          tags: ['imports'],
          body,
          response: { 200: report },
        },
      },
      async (req) => {
        const out = await importLines(
          req.body as string,
          unitRecord,
          async (id, u, line) => {
            const unit = {
              level: u.level,
              code: u.code,
              name: u.name,
              ...(u.parentCode ? { parentCode: u.parentCode } : {}),
            };
            const r = await registerUnit(deps, req.principal, unit, optionsFor(req, id, line));
            return r.append?.replayed ? 'duplicate' : 'accepted';
          },
          log(req),
        );
        return out;
      },
    );

    scope.post(
      '/v1/imports/needs',
      {
        config: { roles: NEED_ROLES, scope: 'place' },
        schema: {
          summary: 'Import resident needs (NDJSON); the record id is the need id',
          tags: ['imports'],
          body,
          response: { 200: report },
        },
      },
      async (req) => {
        const out = await importLines(
          req.body as string,
          needInput,
          async (id, input, line) => {
            const r = await reportNeed(deps, req.principal, id, input, optionsFor(req, id, line));
            return r.append?.replayed ? 'duplicate' : 'accepted';
          },
          log(req),
        );
        return out;
      },
    );
  });
}
