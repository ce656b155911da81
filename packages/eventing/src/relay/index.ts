export { OutboxRelay, type OutboxRelayOptions } from './outboxRelay.ts';
export { Lease } from './lease.ts';
export { toMessage } from './messages.ts';
