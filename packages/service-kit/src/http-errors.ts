import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { FivesocError, httpStatusOf } from './errors.ts';

export interface ErrorBody {
  error: { code: string; message: string; field?: string; details?: Record<string, unknown> };
}

/** One validation issue as fastify-type-provider-zod reports it (zod's issue code is the keyword). */
interface ValidationItem {
  keyword?: string;
  instancePath?: string;
  message?: string;
  params?: { keys?: string[] } & Record<string, unknown>;
}

/** `body.person.age` from fastify's validation context and the issue path; unknown keys name themselves. */
function fieldOf(context: string | undefined, item: ValidationItem | undefined): string {
  const path = (item?.instancePath ?? '').split('/').filter(Boolean);
  const unknownKey = item?.keyword === 'unrecognized_keys' ? item.params?.keys?.[0] : undefined;
  if (unknownKey) path.push(unknownKey);
  // fastify calls the query string `querystring`; clients know it as the query.
  const where = context === 'querystring' ? 'query' : (context ?? 'body');
  return [where, ...path].join('.');
}

/** The one place HTTP status codes are decided for errors. */
export function httpErrorHandler(err: FastifyError | FivesocError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof FivesocError) {
    const status = httpStatusOf(err.code);
    if (status >= 500) req.log.error({ err }, 'request failed');
    const field = 'field' in err && typeof err.field === 'string' ? err.field : undefined;
    const body: ErrorBody = { error: { code: err.code, message: err.message, ...(field ? { field } : {}) } };
    if (Object.keys(err.details).length > 0) body.error.details = err.details;
    return reply.status(status).send(body);
  }
  if (err.validation) {
    const item = err.validation[0] as ValidationItem | undefined;
    const field = fieldOf(err.validationContext, item);
    const reason = item?.keyword === 'unrecognized_keys' ? 'unknown field' : (item?.message ?? 'invalid');
    const body: ErrorBody = { error: { code: 'VALIDATION', message: `${field}: ${reason}`, field } };
    return reply.status(400).send(body);
  }
  const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
  if (status >= 500) {
    req.log.error({ err }, 'request failed');
    return reply
      .status(500)
      .send({ error: { code: 'INTERNAL', message: 'internal error' } } satisfies ErrorBody);
  }
  return reply
    .status(status)
    .send({ error: { code: err.code ?? 'BAD_REQUEST', message: err.message } } satisfies ErrorBody);
}
