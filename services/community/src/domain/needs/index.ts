export * from './categories.ts';
export { needEvents, consentSchema, type Consent } from './events.ts';
export { needDecider, type NeedCommand, type NeedEvent, type NeedPlace, type NeedState } from './decider.ts';

export const needStreamId = (needId: string): string => `need-${needId}`;
export const personStreamId = (personId: string): string => `person-${personId}`;
