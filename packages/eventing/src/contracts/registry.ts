import type { z } from 'zod';
import { ValidationError } from '@fivesoc/service-kit';

/**
 * A payload schema for one version of one event type. Version n > 1 says how to read version n - 1 as
 * itself (`upcast`), so any stored version can be read as the current one forever.
 */
export interface EventContract<S extends z.ZodType = z.ZodType> {
  type: string;
  version: number;
  schema: S;
  description?: string;
  upcast?: (previous: unknown) => unknown;
}

export const defineEvent = <S extends z.ZodType>(c: EventContract<S>): EventContract<S> => c;

export interface EventRegistry {
  readonly contracts: readonly EventContract[];
  /** The newest schema version of a type. */
  currentVersion(type: string): number;
  /** Validates a payload against its declared version; throws ValidationError naming `payload.<field>`. */
  validate(type: string, version: number, payload: unknown): unknown;
  /** Validates a stored payload and reads it as the current version. */
  upcast(type: string, version: number, payload: unknown): { version: number; payload: unknown };
  has(type: string): boolean;
}

const fieldOf = (issue: z.core.$ZodIssue | undefined): string => {
  const path = [...(issue?.path ?? [])];
  if (issue?.code === 'unrecognized_keys' && issue.keys[0]) path.push(issue.keys[0]);
  return ['payload', ...path.map(String)].join('.');
};

export function createEventRegistry(contracts: readonly EventContract[]): EventRegistry {
  const byType = new Map<string, EventContract[]>();
  for (const c of contracts) {
    const list = byType.get(c.type) ?? [];
    if (list.some((x) => x.version === c.version))
      throw new Error(`event ${c.type} v${c.version} declared twice`);
    list.push(c);
    byType.set(c.type, list);
  }
  for (const [type, list] of byType) {
    list.sort((a, b) => a.version - b.version);
    list.forEach((c, i) => {
      if (c.version !== i + 1)
        throw new Error(`event ${type}: versions must run 1, 2, 3 … (found v${c.version})`);
      if (i > 0 && !c.upcast)
        throw new Error(`event ${type} v${c.version} needs an upcast from v${c.version - 1}`);
    });
  }
  const versions = (type: string): EventContract[] => {
    const list = byType.get(type);
    if (!list) throw new ValidationError('type', `unknown event type ${type}`);
    return list;
  };
  const contract = (type: string, version: number): EventContract => {
    const c = versions(type)[version - 1];
    if (!c) throw new ValidationError('schemaVersion', `event ${type} has no schema version ${version}`);
    return c;
  };
  const validate = (type: string, version: number, payload: unknown): unknown => {
    const result = contract(type, version).schema.safeParse(payload);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    throw new ValidationError(fieldOf(issue), `${issue?.message ?? 'invalid'} (${type} v${version})`);
  };
  return {
    contracts,
    has: (type) => byType.has(type),
    currentVersion: (type) => versions(type).length,
    validate,
    upcast(type, version, payload) {
      const list = versions(type);
      let current = validate(type, version, payload);
      for (let v = version + 1; v <= list.length; v++) {
        current = validate(type, v, contract(type, v).upcast!(current));
      }
      return { version: list.length, payload: current };
    },
  };
}
