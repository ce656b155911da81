export { groupLag, topicOffsets, type PartitionLag, type TopicOffsets } from './lag.ts';
export { outboxStatus, type OutboxStatus } from './outbox.ts';
export {
  DEFAULT_MAX_REPLAYS,
  REPLAYS_HEADER,
  deadLetterDepth,
  inspectDeadLetters,
  planReplay,
  reasonOf,
  replayPlanned,
  type InspectedLetter,
  type ReplayPlanItem,
  type Selection,
} from './deadLetterOps.ts';
export { ConsumerMetrics, adminOf, flows, registerRelay, relayPublished, type GroupFlow } from './flows.ts';
export { FlowSampler } from './sampler.ts';
export { opsRoutes } from './routes.ts';
