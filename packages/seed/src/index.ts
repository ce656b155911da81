export {
  PRESETS,
  tree,
  needs,
  workers,
  volunteers,
  organizations,
  donations,
  residentId,
  creditCode,
  type SeedSizes,
  type Tree,
} from './generate.ts';
export { creditCodeCheck, residentIdCheck } from './checksums.ts';
export { rng } from './random.ts';
