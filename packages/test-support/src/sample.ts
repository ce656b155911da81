import RandExpModule from 'randexp';
import { z } from 'zod';

// randexp is CommonJS (module.exports = RandExp) typed as an ES default export.
// Its typing differs by module resolution (NodeNext here, Bundler in the console app), so name its shape.
type RandExpCtor = new (pattern: string | RegExp) => {
  max: number;
  randInt: (a: number, b: number) => number;
  gen(): string;
};
const isCtor = (v: unknown): v is RandExpCtor => typeof v === 'function';
const loaded: unknown = RandExpModule;
const RandExp: RandExpCtor = (() => {
  if (isCtor(loaded)) return loaded;
  if (typeof loaded === 'object' && loaded !== null && 'default' in loaded && isCtor(loaded.default))
    return loaded.default;
  throw new Error('randexp: neither its module nor its default export is the RandExp class');
})();

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = Record<string, unknown>;

/** Values the sampler puts in fields of these names (place codes, ids of the fixture's records …). */
export type FieldValues = Record<string, Json | undefined>;

/** A deterministic random source, so a failing matrix run repeats exactly. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const FORMATS: Record<string, string> = {
  'date-time': '2031-03-04T09:00:00.000Z',
  date: '2031-03-04',
  time: '09:00:00',
  email: 'matrix@example.org',
  uuid: '3f2c1a7e-9b7d-4c1e-8a55-2d9f6b1e4c20',
  uri: 'https://example.org/matrix',
  url: 'https://example.org/matrix',
};

/**
 * A valid value for a JSON Schema (as zod emits it): required properties always, optional ones when `all`
 * or when `fields` names them; enums take their first value, patterns a matching string, numbers the
 * smallest allowed. `fields` override by property name wherever they occur.
 */
export function sampleJson(schema: Schema, fields: FieldValues, opts: { all: boolean; seed?: number }): Json {
  const random = rng(opts.seed ?? 7);
  const defs = (schema.$defs ?? schema.definitions ?? {}) as Record<string, Schema>;
  const walk = (s: Schema, name: string | undefined, depth: number): Json => {
    if (typeof s.$ref === 'string') {
      const ref = defs[s.$ref.split('/').pop()!];
      return ref ? walk(ref, name, depth + 1) : null;
    }
    if (name !== undefined && name in fields && fields[name] !== undefined) return fields[name]!;
    if (s.const !== undefined) return s.const as Json;
    if (Array.isArray(s.enum)) return s.enum[0] as Json;
    if (s.default !== undefined && !opts.all) return s.default as Json;
    const alt = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
    if (alt) {
      const pick = alt.find((a) => a.type !== 'null') ?? alt[0]!;
      return walk(pick, name, depth + 1);
    }
    if (Array.isArray(s.allOf))
      return walk(Object.assign({}, ...(s.allOf as Schema[])) as Schema, name, depth);
    const type =
      (Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== 'null') : (s.type as string)) ?? '';
    switch (type) {
      case 'object': {
        const props = (s.properties ?? {}) as Record<string, Schema>;
        const required = new Set((s.required ?? []) as string[]);
        const out: Record<string, Json> = {};
        for (const [k, v] of Object.entries(props)) {
          if (required.has(k) || (opts.all && depth < 4) || (k in fields && fields[k] !== undefined))
            out[k] = walk(v, k, depth + 1);
        }
        return out;
      }
      case 'array': {
        const n = Math.max(1, Number(s.minItems ?? 1));
        const items = (s.items ?? {}) as Schema;
        const out = Array.from({ length: n }, (_, i) => walk(items, undefined, depth + 1 + i * 0));
        return s.uniqueItems ? [...new Map(out.map((v) => [JSON.stringify(v), v])).values()] : out;
      }
      case 'integer':
      case 'number': {
        const min = Number(
          s.minimum ?? (s.exclusiveMinimum !== undefined ? Number(s.exclusiveMinimum) + 1 : 1),
        );
        const max = Number(s.maximum ?? min + 10);
        return Math.min(max, Math.max(min, type === 'integer' ? Math.ceil(min) : min));
      }
      case 'boolean':
        return true;
      case 'string': {
        if (typeof s.format === 'string' && FORMATS[s.format]) return FORMATS[s.format]!;
        const min = Number(s.minLength ?? 1);
        const max = Number(s.maxLength ?? Math.max(min, 12));
        if (typeof s.pattern === 'string') {
          const r = new RandExp(s.pattern);
          r.randInt = (a: number, b: number) => a + Math.floor(random() * (b - a + 1));
          r.max = Math.min(8, max);
          for (let i = 0; i < 20; i++) {
            const v = r.gen();
            if (v.length >= min && v.length <= max) return v;
          }
          return r.gen();
        }
        return 'matrix sample text'.padEnd(min, 'x').slice(0, Math.max(min, Math.min(max, 18)));
      }
      case 'null':
        return null;
      default:
        return null;
    }
  };
  return walk(schema, undefined, 0);
}

/**
 * A value the zod schema accepts, built from its JSON Schema: with the given field values where they fit,
 * otherwise without them, otherwise undefined (the caller then expects the route's 400).
 */
export function sampleFor(
  schema: z.ZodType,
  fields: FieldValues,
  opts: { all: boolean; seed?: number },
): unknown {
  let json: Schema;
  try {
    json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  } catch {
    return undefined;
  }
  const tries = [
    sampleJson(json, fields, opts),
    sampleJson(json, fields, { ...opts, all: !opts.all }),
    sampleJson(json, {}, opts),
  ];
  for (const v of tries) if (schema.safeParse(v).success) return v;
  return undefined;
}
