export * from './events.ts';
export * from './state.ts';
export * from './decider.ts';
export * from './reconcile.ts';
