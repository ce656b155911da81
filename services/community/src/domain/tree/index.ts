export { assertCode, codePattern, levelOfCode, CODE_LENGTH, type Level } from './codes.ts';
export { treeEvents, type TreeEvent } from './events.ts';
export { unitDecider, type TreeCommand, type UnitState } from './decider.ts';
export { streetAt } from './history.ts';

export const unitStreamId = (level: 'district' | 'street' | 'community', code: string): string =>
  `${level}-${code}`;
