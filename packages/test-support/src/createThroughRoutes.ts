import type { MatrixOptions, MatrixRoute } from './accessMatrix.ts';
import { sampleFor, type FieldValues } from './sample.ts';

/** `:id` of `/v1/needs/:id` is the id a `POST /v1/needs` answered; `:workerId` is any `workerId` seen. */
export const paramValue = (fields: FieldValues, url: string, name: string): unknown => {
  const segment = url.split('/')[2] ?? '';
  return name === 'id' ? fields[`${segment}:id`] : (fields[name] ?? fields[`${name.replace(/Id$/, '')}s:id`]);
};

/**
 * Every string under a key named `id` or `…Id` in an answer, first one per key. The answer's own id (`id`,
 * or `donationId` in an answer of `/v1/donations`) is also `<segment>:id`, the `:id` of the routes below.
 */
export function harvestIds(body: unknown, segment: string, into: FieldValues): void {
  const own = `${segment.replace(/s$/, '')}Id`;
  const walk = (v: unknown, depth: number) => {
    if (depth > 5 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x) => walk(x, depth + 1));
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (typeof x === 'string' && ((k === 'id' && depth === 0) || /[a-z]Id$/.test(k))) {
        const key = k === 'id' ? `${segment}:id` : k;
        if (into[key] === undefined) into[key] = x;
        if (k === own && depth === 0 && into[`${segment}:id`] === undefined) into[`${segment}:id`] = x;
      } else walk(x, depth + 1);
    }
  };
  walk(body, 0);
}

/**
 * Makes the fixture through the service's own create routes: every POST, fewest path parameters first, as
 * the first allowed staff role at the home district with a sampled body; the ids the answers carry fill
 * `fields` for the routes after. Returns the answers that were not 2xx, for the test to show.
 */
export async function createThroughRoutes(
  o: Pick<MatrixOptions, 'routes' | 'inject' | 'sign' | 'home' | 'owner' | 'contentType' | 'rawBody'>,
  fields: FieldValues,
  opts: { skip?: (route: MatrixRoute) => boolean; prefer?: readonly string[] } = {},
): Promise<string[]> {
  const problems: string[] = [];
  const params = (r: MatrixRoute) => [...r.url.matchAll(/:([A-Za-z]+)/g)].length;
  const creates = o.routes
    .filter((r) => r.method === 'POST' && !r.public && !opts.skip?.(r))
    .sort((a, b) => params(a) - params(b));
  const prefer = opts.prefer ?? ['district_admin', 'street_admin', 'community_staff'];
  for (const route of creates) {
    let url = route.url;
    const segment = route.url.split('/')[2] ?? '';
    let ok = true;
    for (const [, name] of route.url.matchAll(/:([A-Za-z]+)/g)) {
      const v = paramValue(fields, route.url, name!);
      if (typeof v !== 'string') ok = false;
      else url = url.replace(`:${name}`, encodeURIComponent(v));
    }
    if (!ok) continue;
    const role = prefer.find((r) => route.roles.includes(r)) ?? route.roles[0]!;
    const raw = o.rawBody?.(route);
    const body = raw ?? (route.schema.body ? sampleFor(route.schema.body, fields, { all: true }) : undefined);
    if (route.schema.body && body === undefined) continue;
    const token = await o.sign({
      roles: [role],
      level: 'district',
      code: o.home.districtCode,
      subject: o.owner,
    });
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers['content-type'] = o.contentType?.(route) ?? 'application/json';
    const reply = await o.inject({
      method: 'POST',
      url,
      headers,
      ...(payload !== undefined ? { payload } : {}),
    });
    if (reply.statusCode >= 300) {
      problems.push(`${route.url} as ${role}: ${reply.statusCode} ${reply.body.slice(0, 160)}`);
      continue;
    }
    try {
      harvestIds(JSON.parse(reply.body), segment, fields);
    } catch {
      // not JSON (204): nothing to harvest
    }
  }
  return problems;
}
