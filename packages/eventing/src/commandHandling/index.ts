export { fold, type Decider, type DecisionContext } from './decider.ts';
export { handleCommand, type HandleOptions, type HandleResult } from './handleCommand.ts';
