import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { FivesocError, NotFoundError, type HttpApp } from '@fivesoc/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireSession, type SessionStore } from '../auth/sessions.ts';

export interface ForwardDeps {
  /** Path segment under /api/ → the society's base URL. */
  societies: Record<string, string>;
  sessions: SessionStore;
  timeoutMs: number;
}

/** The one path that needs no session: charity's public disclosure (阳光公示). */
export const PUBLIC_PATHS = new Set(['charity /v1/public/disclosure']);

/** Request headers passed to the society besides the user's token. */
const REQUEST_HEADERS = [
  'content-type',
  'accept',
  'accept-language',
  'idempotency-key',
  'if-match',
  'if-none-match',
];
/** Answer headers passed back. */
const ANSWER_HEADERS = ['content-type', 'etag', 'location', 'content-disposition', 'retry-after'];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * /api/<society>/<path> → <society URL>/<path> with the signed-in user's bearer token. The console adds no
 * privilege: the society checks the token, the role and the scope, and its answer (status and body) comes
 * back as it is. Who may call: a session (except the public disclosure).
 */
export function forwardRoutes(app: HttpApp, deps: ForwardDeps): void {
  void app.register(async (scope) => {
    // Bodies pass through as bytes, whatever their type: the society parses and validates them.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    for (const society of Object.keys(deps.societies)) {
      scope.route({
        method: [...METHODS],
        url: `/api/${society}/*`,
        config: {
          public: true,
          session: 'required',
          scope: { global: "forwarded with the user's own token: the service behind decides and scopes" },
        },
        schema: { hide: true },
        handler: (req, reply) => forward(society, req, reply),
      });
    }
  });

  async function forward(society: string, req: FastifyRequest, reply: FastifyReply) {
    const base = deps.societies[society];
    if (!base) throw new NotFoundError('service', society);
    const full = req.url.slice(`/api/${society}`.length);
    const path = full.split('?')[0] ?? '/';
    const isPublic = req.method === 'GET' && PUBLIC_PATHS.has(`${society} ${path}`);
    const session = isPublic ? undefined : requireSession(deps.sessions, req);
    const headers: Record<string, string> = { 'x-request-id': req.id };
    for (const h of REQUEST_HEADERS) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    if (session) headers.authorization = `Bearer ${session.token}`;
    const body = req.body instanceof Buffer && req.body.length > 0 ? req.body : undefined;
    // The timeout bounds the wait for the society's answer to begin, not its body: an export of 100,000
    // rows streams for longer than that (docs/benchmarks.md). A browser that goes away stops the read.
    const call = new AbortController();
    const timer = setTimeout(() => call.abort(), deps.timeoutMs);
    let answer: Response;
    try {
      answer = await fetch(new URL(full, base), {
        method: req.method,
        headers,
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
        redirect: 'manual',
        signal: call.signal,
      });
    } catch (err) {
      const timedOut = call.signal.aborted;
      req.log.warn({ err, society }, 'society call failed');
      throw new FivesocError(
        'UNAVAILABLE',
        `${society} ${timedOut ? 'did not answer in time' : 'cannot be reached'}`,
      );
    } finally {
      clearTimeout(timer);
    }
    void reply.status(answer.status);
    for (const h of ANSWER_HEADERS) {
      const v = answer.headers.get(h);
      if (v === null) continue;
      // The society's own paths live under /api/<society> here.
      void reply.header(h, h === 'location' && v.startsWith('/') ? `/api/${society}${v}` : v);
    }
    if (!answer.body) return reply.send();
    // Passed on as it comes (a file is never held whole here); a society that fails half way cuts the
    // download, which the browser shows as failed rather than as a short file.
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) call.abort();
    });
    return reply.send(Readable.fromWeb(answer.body as WebReadableStream<Uint8Array>));
  }
}
