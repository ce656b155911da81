import { z } from 'zod';
import { FivesocError } from '@fivesoc/service-kit';

export interface LineReport {
  line: number;
  id: string | null;
  status: 'accepted' | 'duplicate' | 'rejected';
  reason?: string;
}

export const MAX_LINES = 2000;
const recordId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, '1 to 100 of A-Z a-z 0-9 _ -');

/**
 * Runs `apply` on every record of an NDJSON upload, in order, one at a time; a bad line is reported and
 * never stops the rest. `apply` answers whether the record was new (accepted) or replayed (duplicate).
 */
export async function importLines<S extends z.ZodType>(
  text: string,
  schema: S,
  apply: (id: string, record: z.infer<S>, line: number) => Promise<'accepted' | 'duplicate'>,
  onUnexpected: (err: unknown, line: number) => void,
): Promise<LineReport[]> {
  const reports: LineReport[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && i < MAX_LINES; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    const line = i + 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      reports.push({ line, id: null, status: 'rejected', reason: 'not a JSON object' });
      continue;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      reports.push({ line, id: null, status: 'rejected', reason: 'not a JSON object' });
      continue;
    }
    const { id: rawId, ...fields } = parsed as Record<string, unknown>;
    const idResult = recordId.safeParse(rawId);
    const id = idResult.success ? idResult.data : null;
    if (!idResult.success) {
      reports.push({
        line,
        id,
        status: 'rejected',
        reason: `id: ${idResult.error.issues[0]?.message ?? 'invalid'}`,
      });
      continue;
    }
    const result = schema.safeParse(fields);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = [
        ...(issue?.path ?? []),
        ...(issue?.code === 'unrecognized_keys' ? [issue.keys[0]] : []),
      ].join('.');
      reports.push({
        line,
        id,
        status: 'rejected',
        reason: `${field || 'record'}: ${issue?.message ?? 'invalid'}`,
      });
      continue;
    }
    try {
      reports.push({
        line,
        id: idResult.data,
        status: await apply(idResult.data, result.data, line),
      });
    } catch (err) {
      if (!(err instanceof FivesocError)) onUnexpected(err, line);
      const reason = err instanceof FivesocError ? err.message : 'internal error';
      reports.push({ line, id, status: 'rejected', reason });
    }
  }
  if (lines.length > MAX_LINES)
    reports.push({
      line: MAX_LINES + 1,
      id: null,
      status: 'rejected',
      reason: `at most ${MAX_LINES} lines per upload`,
    });
  return reports;
}
