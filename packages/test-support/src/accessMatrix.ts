import type { z } from 'zod';
import { paramValue } from './createThroughRoutes.ts';
import { sampleFor, type FieldValues } from './sample.ts';

/** A route as the service kit keeps it (`declaredRoutes(app)`); structural, so this package needs no kit. */
export interface MatrixRoute {
  method: string;
  url: string;
  public: boolean;
  roles: readonly string[];
  scope: unknown;
  schema: {
    body?: z.ZodType;
    querystring?: z.ZodType;
    params?: z.ZodType;
    response: Record<string, unknown>;
  };
}

export interface MatrixPlace {
  districtCode: string;
  streetCode: string;
  communityCode: string;
}

export interface MatrixCaller {
  roles: string[];
  level: 'district' | 'street' | 'community';
  code: string;
  subject: string;
}

export interface InjectReply {
  statusCode: number;
  body: string;
}

export interface MatrixOptions {
  service: string;
  /** Every route the running app registered (from the kit's onRoute record), none left out. */
  routes: readonly MatrixRoute[];
  /** Every role a token can carry. */
  roles: readonly string[];
  inject(req: {
    method: string;
    url: string;
    headers: Record<string, string>;
    payload?: string;
  }): Promise<InjectReply>;
  sign(caller: MatrixCaller): Promise<string>;
  /** Where the fixture's records sit (a community of the seed's tree). */
  home: MatrixPlace;
  /** Out-of-scope places: a community of the same street, another street, another district. */
  outside: { sameStreetCommunity: string; otherStreet: string; otherDistrict: string };
  /** The subject that owns the fixture's own-scoped records (an organization's or a volunteer's id). */
  owner: string;
  /** Values by field or path-parameter name: place codes and the ids of the fixture's records. */
  fields: () => FieldValues;
  /** Strings of the home place's records that must not reach an out-of-scope caller (ids, names …). */
  markers: () => readonly string[];
  /** A digest of everything the service stores, to prove a refused write changed nothing. */
  snapshot(): Promise<string>;
  /** Content type of a route whose body is not JSON (NDJSON imports). */
  contentType?: (route: MatrixRoute) => string | undefined;
  /** Body of a route whose schema cannot be sampled into something useful (NDJSON text). */
  rawBody?: (route: MatrixRoute) => string | undefined;
  /**
   * false: an answer with a status the route does not declare is listed in `undeclared` instead of failing
   * (for a service whose response declarations are not complete yet). Default true.
   */
  strictStatuses?: boolean;
}

export interface MatrixResult {
  routes: number;
  covered: number;
  calls: number;
  failures: string[];
  /** Routes whose body could not be sampled valid (refused with 400; checked to change nothing). */
  unsampled: string[];
  /** Answers by outcome, for the printout. */
  outcomes: Record<string, number>;
  /** `METHOD /path → status` answered but not declared (only when strictStatuses is false). */
  undeclared: string[];
}

const READ = new Set(['GET', 'HEAD']);

/** The codes of a tree line: a code is on the caller's line when one is a prefix of the other. */
const onLine = (caller: string, code: string) => caller.startsWith(code) || code.startsWith(caller);

const scopeKind = (s: unknown): string =>
  typeof s === 'string' ? s : s && typeof s === 'object' ? (Object.keys(s)[0] ?? '?') : '?';

/**
 * Calls every route as nobody, as every role it refuses, and as every role it allows from outside the
 * fixture's place (same street other community, other street, other district, and for own-scoped routes
 * the same place under another subject), then from inside; asserts 401, 403, "nothing of the other place"
 * for reads and "nothing changed" for writes, and that every answer's status is one the route declares.
 */
export async function runAccessMatrix(o: MatrixOptions): Promise<MatrixResult> {
  const result: MatrixResult = {
    routes: o.routes.length,
    covered: 0,
    calls: 0,
    failures: [],
    unsampled: [],
    outcomes: {},
    undeclared: [],
  };
  const describe = (c: MatrixCaller | undefined) =>
    c ? `${c.roles.join('+')} (${c.level} ${c.code}, ${c.subject})` : 'nobody';
  const fail = (route: MatrixRoute, who: string, what: string) =>
    result.failures.push(`${o.service} ${route.method} ${route.url} as ${who}: ${what}`);
  const fields = o.fields();
  const homeCodes = [o.home.districtCode, o.home.streetCode, o.home.communityCode];
  const knownCodes = [
    ...homeCodes,
    o.outside.sameStreetCommunity,
    o.outside.otherStreet,
    o.outside.otherDistrict,
  ];

  const build = (route: MatrixRoute) => {
    let url = route.url;
    for (const [, name] of route.url.matchAll(/:([A-Za-z]+)/g)) {
      const value = paramValue(fields, route.url, name!);
      if (typeof value !== 'string') return { missing: name! };
      url = url.replace(`:${name}`, encodeURIComponent(value));
    }
    if (route.schema.querystring) {
      const q = sampleFor(route.schema.querystring, fields, { all: false }) as Record<string, unknown>;
      const qs = new URLSearchParams(
        Object.entries(q ?? {})
          .filter(([, v]) => v !== undefined && v !== null)
          .map(([k, v]): [string, string] => [k, String(v)]),
      ).toString();
      if (qs) url += `?${qs}`;
    }
    const raw = o.rawBody?.(route);
    let payload: string | undefined;
    if (raw !== undefined) payload = raw;
    else if (route.schema.body) {
      const body = sampleFor(route.schema.body, fields, { all: true });
      if (body === undefined) result.unsampled.push(`${route.method} ${route.url}`);
      else payload = JSON.stringify(body);
    } else if (!READ.has(route.method) && route.method !== 'DELETE') payload = undefined;
    return { url, payload };
  };

  const call = async (
    route: MatrixRoute,
    url: string,
    payload: string | undefined,
    caller?: MatrixCaller,
  ) => {
    const headers: Record<string, string> = {};
    if (caller) headers.authorization = `Bearer ${await o.sign(caller)}`;
    if (payload !== undefined) headers['content-type'] = o.contentType?.(route) ?? 'application/json';
    result.calls++;
    const reply = await o.inject({
      method: route.method,
      url,
      headers,
      ...(payload !== undefined ? { payload } : {}),
    });
    if (checkWrites && !READ.has(route.method)) {
      const after = await o.snapshot();
      if (after !== state) {
        fail(route, describe(caller), `answers ${reply.statusCode} and changed what the service stores`);
        state = after;
      }
    }
    const key = `${route.method === 'GET' ? 'read' : 'write'} ${reply.statusCode}`;
    result.outcomes[key] = (result.outcomes[key] ?? 0) + 1;
    if (!(String(reply.statusCode) in route.schema.response) && reply.statusCode < 500) {
      const what = `${route.method} ${route.url} → ${reply.statusCode}`;
      if (o.strictStatuses === false) {
        if (!result.undeclared.includes(what)) result.undeclared.push(what);
      } else fail(route, describe(caller), `answers ${reply.statusCode}, which it does not declare`);
    }
    if (reply.statusCode >= 500)
      fail(route, describe(caller), `answers ${reply.statusCode}: ${reply.body.slice(0, 200)}`);
    return reply;
  };

  const homeCaller = (role: string): MatrixCaller => ({
    roles: [role],
    level: 'district',
    code: o.home.districtCode,
    subject: o.owner,
  });
  const strangers = (role: string, own: boolean): Array<{ label: string; caller: MatrixCaller }> => [
    {
      label: 'same street, other community',
      caller: {
        roles: [role],
        level: 'community',
        code: o.outside.sameStreetCommunity,
        subject: 'matrix-stranger',
      },
    },
    {
      label: 'other street',
      caller: { roles: [role], level: 'street', code: o.outside.otherStreet, subject: 'matrix-stranger' },
    },
    {
      label: 'other district',
      caller: { roles: [role], level: 'district', code: o.outside.otherDistrict, subject: 'matrix-stranger' },
    },
    ...(own
      ? [
          {
            label: 'same place, another subject',
            caller: {
              roles: [role],
              level: 'district' as const,
              code: o.home.districtCode,
              subject: 'matrix-stranger',
            },
          },
        ]
      : []),
  ];

  /** Nothing of the fixture's place in a read answered to a caller outside it. */
  const leaks = (body: string, caller: MatrixCaller, sent: string): string | undefined => {
    for (const code of knownCodes) {
      if (
        !onLine(caller.code, code) &&
        new RegExp(`(^|[^0-9])${code}([^0-9]|$)`).test(body) &&
        !sent.includes(code)
      )
        return `answers code ${code}, outside ${caller.level} ${caller.code}`;
    }
    for (const m of o.markers())
      if (m.length >= 6 && body.includes(m) && !sent.includes(m)) return `answers ${m}`;
    return undefined;
  };

  const plans = o.routes.map((route) => ({ route, built: build(route) }));
  // While refusals and out-of-scope calls run, every write is followed by a look at what is stored.
  let checkWrites = true;
  let state = await o.snapshot();

  // Every route says what it answers on success, with a body schema (204: no body), beside its errors.
  if (o.strictStatuses !== false)
    for (const route of o.routes)
      if (!Object.keys(route.schema.response).some((status) => status.startsWith('2')))
        fail(route, 'the declaration', 'declares no success status (2xx) with its body');

  // 1. Refusals and out-of-scope calls, before any in-scope write can change the fixture.
  for (const { route, built } of plans) {
    if ('missing' in built) {
      fail(route, 'the matrix', `no fixture value for :${built.missing}`);
      continue;
    }
    const { url, payload } = built;
    const sent = `${url} ${payload ?? ''}`;
    const writes = !READ.has(route.method);
    const anon = await call(route, url, payload);
    if (route.public) {
      if (anon.statusCode === 401) fail(route, 'nobody', 'a public route asks for a token');
    } else if (anon.statusCode !== 401) fail(route, 'nobody', `answers ${anon.statusCode}, not 401`);
    if (!route.public) {
      for (const role of o.roles.filter((r) => !route.roles.includes(r))) {
        const r = await call(route, url, payload, homeCaller(role));
        if (r.statusCode !== 403) fail(route, role, `answers ${r.statusCode}, not 403 (role not allowed)`);
      }
      const kind = scopeKind(route.scope);
      if (kind === 'place' || kind === 'own' || kind === 'place_or_own') {
        for (const role of route.roles) {
          for (const { label, caller } of strangers(role, kind === 'own')) {
            const r = await call(route, url, payload, caller);
            const who = `${role} (${label})`;
            if (r.statusCode === 401) fail(route, who, 'answers 401 to a valid token');
            if (!writes && r.statusCode < 300) {
              const leak = leaks(r.body, caller, sent);
              if (leak) fail(route, who, `reads the other place: ${leak}`);
            }
          }
        }
      }
    }
    result.covered++;
  }

  // 2. In scope: every allowed role from the fixture's district, as the records' owner.
  checkWrites = false;
  for (const { route, built } of plans) {
    if ('missing' in built) continue;
    const callers = route.public ? [undefined] : route.roles.map(homeCaller);
    for (const caller of callers) {
      const r = await call(route, built.url, built.payload, caller);
      if (r.statusCode === 401) fail(route, caller?.roles[0] ?? 'nobody', 'in scope, answers 401');
    }
  }
  return result;
}

/** The counts a matrix prints, one line per service. */
export const matrixLine = (r: MatrixResult, service: string) =>
  `access matrix ${service}: ${r.covered}/${r.routes} routes (${Math.round((100 * r.covered) / Math.max(1, r.routes))}%), ${r.calls} calls, ${
    r.failures.length
  } failures; answers ${Object.entries(r.outcomes)
    .sort()
    .map(([k, n]) => `${k}×${n}`)
    .join(' ')}${r.unsampled.length ? `; bodies not sampled: ${r.unsampled.join(', ')}` : ''}`;
