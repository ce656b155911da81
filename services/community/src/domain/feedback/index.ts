export {
  feedbackEvents,
  SUBJECT_KINDS,
  type FeedbackEvent,
  type FeedbackGiven,
  type SubjectKind,
} from './events.ts';
export { feedbackDecider, feedbackStreamId, type FeedbackCommand, type FeedbackState } from './decider.ts';
