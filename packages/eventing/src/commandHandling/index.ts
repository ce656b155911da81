export { aggregate, fold, type Aggregate, type Decider, type DecisionContext } from './decider.ts';
export { handleCommand, type HandleOptions, type HandleResult } from './handleCommand.ts';
export {
  commandHandler,
  type AggregateBinding,
  type CommandHandler,
  type CommandTarget,
  type RunOptions,
  type ServiceCommands,
  type Wakeable,
} from './commandHandler.ts';
