export { peopleEvents } from './events.ts';
export {
  pairDecider,
  pairStreamId,
  personDecider,
  type PairEvent,
  type PersonCommand,
  type PersonEvent,
  type PersonState,
} from './decider.ts';
