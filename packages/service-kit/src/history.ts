import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { DataScope } from './access.ts';
import { errors } from './access.ts';
import type { Role } from './auth.ts';
import type { HttpApp } from './server.ts';

/**
 * "Who did what, when" for one record: every event of its stream with who appended it (the token subject
 * and roles the command carried, or `system:<process>`), by which command (the route), when, and the event
 * in words. Never a payload: what changed is read from the record itself by whoever may read it, so a
 * history carries no personal data.
 */

/** What a history reads of a stored event (structural: the kit needs no event store). */
export interface HistoryEvent {
  type: string;
  streamVersion: number;
  occurredAt: string | Date;
  metadata: { actor?: string; roles?: string; command?: string; correlationId?: string; source?: string };
}

export const historyEntry = z.object({
  version: z.number(),
  type: z.string(),
  /** The event's type in words (`ApplicationSubmitted` → "application submitted"); the console translates the type. */
  words: z.string(),
  at: z.string(),
  actor: z.string(),
  roles: z.array(z.string()),
  command: z.string().optional(),
  correlationId: z.string().optional(),
  /** `migration` for an event an import of an existing registry wrote (its dates are the registry's). */
  source: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof historyEntry>;

export const historyPage = z
  .object({ entries: z.array(historyEntry), nextAfter: z.number().optional() })
  .meta({ description: 'A page of the record’s history, oldest first; nextAfter when there is more' });

export const historyQuery = z.object({
  after: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** `ApplicationSubmitted` → `application submitted`. */
export const inWords = (type: string): string =>
  type
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();

/** One page of a stream's history: the events after version `after`, at most `limit`. */
export function historyOf(
  events: readonly HistoryEvent[],
  { after, limit }: { after: number; limit: number },
): z.infer<typeof historyPage> {
  const rest = events.filter((e) => e.streamVersion > after);
  const page = rest.slice(0, limit);
  const entries = page.map((e) => ({
    version: e.streamVersion,
    type: e.type,
    words: inWords(e.type),
    at: new Date(e.occurredAt).toISOString(),
    actor: e.metadata.actor ?? 'unknown',
    roles: e.metadata.roles ? e.metadata.roles.split(',') : [],
    ...(e.metadata.command ? { command: e.metadata.command } : {}),
    ...(e.metadata.correlationId ? { correlationId: e.metadata.correlationId } : {}),
    ...(e.metadata.source ? { source: e.metadata.source } : {}),
  }));
  return rest.length > limit ? { entries, nextAfter: page.at(-1)!.streamVersion } : { entries };
}

/**
 * What a command puts in its events' metadata about who issued it: the request id, the token's subject
 * and roles, and the route (`POST /v1/organizations/:id/approval`).
 */
export const commandMetadata = (req: FastifyRequest) => ({
  correlationId: req.id,
  actor: req.principal.subject,
  roles: req.principal.roles.join(','),
  command: `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`,
});

/**
 * `GET <url>`: the history of one record. `read` loads the record's events and refuses a caller who may not
 * read the record (the same check as the record's own read route, so the history is scoped like it).
 */
export function historyRoute<P extends z.ZodType>(
  app: HttpApp,
  o: {
    url: string;
    roles: readonly Role[];
    scope: DataScope;
    record: string;
    params: P;
    tags: string[];
    read: (req: FastifyRequest<{ Params: z.infer<P> }>) => Promise<readonly HistoryEvent[]>;
  },
): void {
  app.get(
    o.url,
    {
      config: { roles: [...o.roles], scope: o.scope },
      schema: {
        summary: `Who did what, when, to one ${o.record}: every change with its actor, roles, command and time`,
        tags: o.tags,
        params: o.params,
        querystring: historyQuery,
        response: { 200: historyPage, ...errors(404) },
      },
    },
    async (req) => {
      const events = await o.read(req as never);
      return historyOf(events, req.query);
    },
  );
}
