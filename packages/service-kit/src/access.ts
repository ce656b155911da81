import { z } from 'zod';
import type { Role } from './auth.ts';

/**
 * How a route's (or an RPC's) data is scoped: every route declares one, next to its roles, and the kit
 * refuses to register a route without it.
 *
 * - `'place'`: the records sit in the district → street → community tree; a read answers only records in
 *   the caller's subtree (a district sees its district, a street its street, a community its community), a
 *   write outside it is refused and changes nothing.
 * - `'own'`: the caller's own records (the token's subject: a volunteer's hours, an organization's
 *   referrals, the caller's own token); nobody else's.
 * - `'place_or_own'`: either of the two (a case is seen by its place and by the worker it is assigned to).
 * - `{ public: why }`: the same answer for every caller the roles allow, wherever they sit (the community
 *   tree, a city-wide catalogue, the public disclosure); the reason says why that is right.
 * - `{ global: why }`: no data of a place (service facts, health, a district-wide maintenance job); the
 *   reason says what the route touches instead.
 */
export type DataScope =
  'place' | 'own' | 'place_or_own' | { readonly public: string } | { readonly global: string };

export const SCOPE_KINDS = ['place', 'own', 'place_or_own', 'public', 'global'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

export const scopeKindOf = (s: DataScope): ScopeKind =>
  typeof s === 'string' ? s : 'public' in s ? 'public' : 'global';

export const scopeReasonOf = (s: DataScope): string | undefined =>
  typeof s === 'string' ? undefined : 'public' in s ? s.public : s.global;

/** A scope that ties the data to the caller (the matrix calls such a route from outside and expects nothing). */
export const isScoped = (s: DataScope): boolean => typeof s === 'string';

/** Why a declared scope is not usable, or undefined when it is. */
export function scopeProblem(s: unknown): string | undefined {
  if (s === 'place' || s === 'own' || s === 'place_or_own') return undefined;
  if (s && typeof s === 'object') {
    const keys = Object.keys(s);
    const reason = (s as Record<string, unknown>)[keys[0] ?? ''];
    if (keys.length === 1 && (keys[0] === 'public' || keys[0] === 'global')) {
      return typeof reason === 'string' && reason.trim().length >= 10
        ? undefined
        : `scope ${keys[0]} needs a reason (a sentence)`;
    }
  }
  return `scope must be 'place', 'own', 'place_or_own', { public: why } or { global: why }`;
}

/** The body every error answer has (`{ error: { code, message, field? } }`). */
export const errorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      field: z.string().optional(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ description: 'An error: a stable code, a message, the offending field when there is one' });

const ERROR_MEANINGS: Record<number, string> = {
  400: 'Bad input: the field is named, nothing changed',
  401: 'No token or an invalid one',
  403: 'Your role or your place in the tree does not allow this',
  404: 'No such record (or not one you may see)',
  409: 'Conflict: a stale version (If-Match), a taken id, or an Idempotency-Key reused for another body',
  412: 'If-Match does not name the current version',
  415: 'Unsupported content type',
  422: 'Well formed, but not allowed in the current state',
  428: 'If-Match is required',
};

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 412 | 415 | 422 | 428;

/** Response schemas for error statuses a route answers, for `schema.response`: `...errors(404, 422)`. */
export function errors<S extends ErrorStatus>(...statuses: S[]): Record<S, typeof errorBody> {
  return Object.fromEntries(
    statuses.map((s) => [s, errorBody.meta({ description: ERROR_MEANINGS[s] ?? 'Error' })]),
  ) as Record<S, typeof errorBody>;
}

/** One route as declared, kept by the kit for tests and generated documents (see `declaredRoutes`). */
export interface DeclaredRoute {
  method: string;
  url: string;
  public: boolean;
  roles: readonly Role[];
  scope: DataScope;
  summary?: string;
  tags?: readonly string[];
  /** The route's zod schemas, as given to fastify. */
  schema: {
    body?: z.ZodType;
    querystring?: z.ZodType;
    params?: z.ZodType;
    headers?: z.ZodType;
    response: Record<string, unknown>;
  };
  hidden: boolean;
  /** The route's own config as declared (a service's extra declarations, e.g. the console's `session`). */
  config: Readonly<Record<string, unknown>>;
}
