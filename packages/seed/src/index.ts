export {
  PRESETS,
  tree,
  needs,
  workers,
  volunteers,
  organizations,
  residentId,
  creditCode,
  organizationCreditCode,
  type SeedSizes,
  type Tree,
} from './generate.ts';
export { donors, funds, donations, enterpriseCreditCode } from './generateCharity.ts';
export { creditCodeCheck, residentIdCheck } from './checksums.ts';
export { rng } from './random.ts';
export { loadDemo, urlsFor, PORT_OFFSETS, type LoadOptions, type ServiceName } from './load.ts';
export { writeDataSet } from './out.ts';
export type { Counts, LoadResult } from './tally.ts';
