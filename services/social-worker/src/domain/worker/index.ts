export * from './values.ts';
export * from './events.ts';
export * from './state.ts';
export { workerDecider, type WorkerCommand } from './decider.ts';
