export { EventConsumer, type EventConsumerOptions, type HandlerContext } from './eventConsumer.ts';
export { PoisonMessageError, isTransient } from './errors.ts';
export { decodeEnvelope } from './decode.ts';
export { DLQ_HEADERS, listDeadLetters, replayDeadLetters, type DeadLetter } from './deadLetters.ts';
export { applyOnce } from './readModel.ts';
