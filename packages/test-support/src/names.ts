import { randomBytes } from 'node:crypto';

const suffix = () => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

/** A database name no other test run has used: runs never see each other's data. */
export const freshDbName = (label: string): string =>
  `t_${label.replace(/[^A-Za-z0-9]/g, '_')}_${suffix()}`.slice(0, 60);

/** A topic name no other test run has used. */
export const freshTopicName = (label: string): string =>
  `test.${label.replace(/[^A-Za-z0-9_-]/g, '-')}.${suffix()}`;
