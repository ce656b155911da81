import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { DataScope } from './access.ts';
import { errors } from './access.ts';
import type { Role } from './auth.ts';
import { FivesocError, ValidationError } from './errors.ts';
import { commandMetadata } from './history.ts';
import type { HttpApp } from './server.ts';

/**
 * Migration imports (迁移导入) of a district's existing registries: NDJSON, one record per line, each its
 * own command, with a report per line. A record's id comes from its own keys (a credit code, a
 * certificate number, a hashed ID number), so uploading the same file again lands on the same streams
 * with the same Idempotency-Keys: every line answers `duplicate` and nothing is appended.
 */

export const importLineReport = z.object({
  line: z.number(),
  id: z.string().nullable(),
  status: z.enum(['accepted', 'duplicate', 'rejected']),
  /** The offending field of a rejected line (`reports.2.year`), when there is one. */
  field: z.string().optional(),
  reason: z.string().optional(),
});
export type ImportLineReport = z.infer<typeof importLineReport>;
export const importReport = z
  .object({
    accepted: z.number(),
    duplicate: z.number(),
    rejected: z.number(),
    lines: z.array(importLineReport),
  })
  .meta({ description: 'What became of each line: accepted, duplicate (nothing changed) or rejected' });
export type ImportReport = z.infer<typeof importReport>;

export const MAX_IMPORT_LINES = 2000;
const MAX_BYTES = 4 * 1024 * 1024;

/** What `apply` answers for one record: its id, and whether it was new or replayed. */
export interface ImportOutcome {
  id: string;
  status: 'accepted' | 'duplicate';
}

function rejection(line: number, id: string | null, field: string, message: string): ImportLineReport {
  return field
    ? { line, id, status: 'rejected', field, reason: `${field}: ${message}` }
    : { line, id, status: 'rejected', reason: message };
}

/**
 * Runs `apply` on every record, in order, one at a time; a bad line is reported (naming its field) and
 * never stops the rest. Unexpected errors are reported as `internal error` and handed to `onUnexpected`.
 */
export async function importNdjson<S extends z.ZodType>(
  text: string,
  schema: S,
  apply: (record: z.infer<S>, line: number) => Promise<ImportOutcome>,
  onUnexpected: (err: unknown, line: number) => void,
): Promise<ImportReport> {
  const out: ImportLineReport[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && i < MAX_IMPORT_LINES; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    const line = i + 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      out.push(rejection(line, null, '', 'not a JSON object'));
      continue;
    }
    const result = schema.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0];
      const path = [
        ...(issue?.path ?? []),
        ...(issue?.code === 'unrecognized_keys' ? [issue.keys[0]] : []),
      ].join('.');
      out.push(rejection(line, null, path || 'record', issue?.message ?? 'invalid'));
      continue;
    }
    try {
      const r = await apply(result.data, line);
      out.push({ line, id: r.id, status: r.status });
    } catch (err) {
      if (!(err instanceof FivesocError)) onUnexpected(err, line);
      if (err instanceof ValidationError)
        out.push(rejection(line, null, err.field, err.message.slice(err.field.length + 2)));
      else out.push(rejection(line, null, '', err instanceof FivesocError ? err.message : 'internal error'));
    }
  }
  if (lines.length > MAX_IMPORT_LINES)
    out.push(rejection(MAX_IMPORT_LINES + 1, null, '', `at most ${MAX_IMPORT_LINES} lines per upload`));
  const count = (s: ImportLineReport['status']) => out.filter((l) => l.status === s).length;
  return {
    accepted: count('accepted'),
    duplicate: count('duplicate'),
    rejected: count('rejected'),
    lines: out,
  };
}

export interface ImportRouteOptions<S extends z.ZodType> {
  path: string;
  roles: readonly Role[];
  scope: DataScope;
  summary: string;
  tags: string[];
  /** One line's record. */
  record: S;
  apply: (req: FastifyRequest, record: z.infer<S>, line: number) => Promise<ImportOutcome>;
  /** After the whole upload (wake the relay once). */
  done?: () => void;
}

/** `POST <path>` taking `application/x-ndjson` (at most 4 MiB, 2,000 lines) and answering the report. */
export async function importRoute<S extends z.ZodType>(
  app: HttpApp,
  o: ImportRouteOptions<S>,
): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-ndjson',
      { parseAs: 'string', bodyLimit: MAX_BYTES },
      (_req, body, done) => done(null, body),
    );
    scope.post(
      o.path,
      {
        config: { roles: [...o.roles], scope: o.scope },
        schema: {
          summary: o.summary,
          description:
            'NDJSON (application/x-ndjson), one record per line; each line is reported as accepted, duplicate ' +
            '(already imported: nothing changes) or rejected (with the field and the reason).',
          tags: o.tags,
          body: z.string().max(MAX_BYTES),
          response: { 200: importReport, ...errors(415) },
        },
      },
      async (req) => {
        const report = await importNdjson(
          req.body as string,
          o.record,
          (record, line) => o.apply(req, record, line),
          (err, line) => req.log.error({ err, line }, 'import line failed'),
        );
        o.done?.();
        return report;
      },
    );
  });
}

/** The metadata of a migrated record's events: who imported it, by which route, from which line, marked as migrated. */
export const migrationMetadata = (req: FastifyRequest, line: number) => ({
  ...commandMetadata(req),
  correlationId: `${req.id}:${line}`,
  source: 'migration',
});
