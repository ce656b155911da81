import { ValidationError } from '@fivesoc/service-kit';

/**
 * Administrative codes (区划代码-like): a district has 6 digits, a street 9 digits that start with its
 * district's code, a community 12 digits that start with the code of the street it was registered under.
 * A code is the unit's identity forever: a community moved to another street keeps its code.
 */
export type Level = 'district' | 'street' | 'community';

export const CODE_LENGTH: Record<Level, number> = { district: 6, street: 9, community: 12 };
export const PARENT_LEVEL = { street: 'district', community: 'street' } as const;

export const codePattern = (level: Level): RegExp => new RegExp(`^\\d{${CODE_LENGTH[level]}}$`);

export function levelOfCode(code: string): Level | undefined {
  return (['district', 'street', 'community'] as const).find((l) => codePattern(l).test(code));
}

/** Refuses a code of the wrong shape, or one that does not start with its parent's code. */
export function assertCode(level: Level, code: string, parentCode: string | undefined, field = 'body.code') {
  if (!codePattern(level).test(code))
    throw new ValidationError(field, `a ${level} code is ${CODE_LENGTH[level]} digits`);
  if (level === 'district') return;
  if (parentCode === undefined || !code.startsWith(parentCode))
    throw new ValidationError(field, `a ${level} code starts with its ${PARENT_LEVEL[level]}'s code`);
}
