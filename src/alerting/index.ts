export {
  type Alert,
  type AlertTarget,
  type AlertTiming,
  type DetectionOutcome,
  buildAlert,
  detectorLink,
  FITTED_AT_ANNOTATION,
} from './alert';
export {
  ALERT_STATE_VERSION,
  type AlertEntry,
  type AlertState,
  AlertStateError,
  type AlertStatus,
  emptyAlertState,
  type LastOutcome,
  parseAlertState,
} from './alertState';
export { alertmanagerFingerprint } from './alertmanagerFingerprint';
export { alertIdentity, canonicalLabels, detectorOfIdentity, labelHash64 } from './identity';
export {
  ALERT_NAME,
  alertLabels,
  DETECTOR_LABEL,
  isValidLabelName,
  METRIC_LABEL,
  sanitizeLabelName,
  seriesAlertLabels,
  SEVERITY_LABEL,
  sortLabels,
} from './labels';
export {
  type AlertEvent,
  type AlertEventKind,
  type AlertRun,
  type AlertRunResult,
  DEFAULT_LIFECYCLE_OPTIONS,
  evaluateAlerts,
  type LifecycleOptions,
  retireDetectors,
  type RetiredDetectors,
} from './lifecycle';
export {
  createMatcher,
  exactMatchers,
  formatMatcher,
  formatMatchers,
  type LabelMatcher,
  MatcherError,
  matcherMatches,
  matcherOperator,
  type MatcherOperator,
  matchesAll,
  parseMatcher,
  parseMatchers,
} from './matchers';
export { isMuted, type MuteRule, type MuteRuleInput, muteRuleInputSchema, parseMuteRules } from './mute';
export {
  deliveryOrder,
  emptyOutbox,
  enqueue,
  isResolved,
  markDelivered,
  markFailed,
  mergeOutboxes,
  type Outbox,
  type OutboxEntry,
  OutboxError,
  parseOutbox,
  renewExpired,
} from './outbox';
export { type SlackMessage, slackMessage } from './slackMessage';
