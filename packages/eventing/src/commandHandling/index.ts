export { aggregate, fold, type Aggregate, type Decider, type DecisionContext } from './decider.ts';
export { handleCommand, type HandleOptions, type HandleResult } from './handleCommand.ts';
