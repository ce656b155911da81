export { MongoEventStore, type MongoEventStoreOptions } from './mongoEventStore.ts';
export { PositionLog } from './positionLog.ts';
export { writeErrorsOf } from './groupInsert.ts';
export {
  collectionNames,
  commitIdOf,
  DUPLICATE_KEY,
  isDuplicateKey,
  type CommitDocument,
  type CommitEvent,
  type LogEntry,
} from './documents.ts';
export type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedVersion,
  ReadOptions,
  Stored,
  StoredEvent,
} from './types.ts';
