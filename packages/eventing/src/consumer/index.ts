export { EventConsumer, type EventConsumerOptions, type HandlerContext } from './eventConsumer.ts';
export { PoisonMessageError, isTransient } from './errors.ts';
export { decodeEnvelope } from './decode.ts';
export { DLQ_HEADERS, listDeadLetters, replayDeadLetters, type DeadLetter } from './deadLetters.ts';
export { applyOnce } from './readModel.ts';
export { BatchConsumer, type BatchConsumerOptions } from './batchConsumer.ts';
export { BatchProjector, type ApplyResult, type BatchProjectorOptions } from './batchProjector.ts';
export {
  foldInto,
  type DocFields,
  type Fold,
  type FoldHandler,
  type FoldHandlers,
  type ReadModelDoc,
} from './fold.ts';
export { withRetries, type RetryPolicy } from './retry.ts';
