export { type Activity, type ActivityAction, activityMatches, activityTarget, type WorkloadKind } from './activity';
export {
  type ActionOutcome,
  type ActionRecord,
  actionCommitMessage,
  actionRecordSchema,
  type ActionsResponse,
  actionsResponseSchema,
  formatActionRecordYaml,
} from './actionRecord';
export {
  emptyGuardState,
  guardDecision,
  type GuardDecision,
  type GuardState,
  guardStateSchema,
  lockDecision,
  lockExpired,
  type LockDecision,
  type LockHolder,
  lockHolderSchema,
  recordAction,
  recordRefusal,
  targetKey,
  wasRefused,
  withinBudgetHour,
} from './guardRails';
export { labelEnvName, renderKubernetesName, renderTemplate, TemplateError, templateLabels } from './labelTemplate';
export { parseWebhookPayload, type WebhookAlert, type WebhookPayload, webhookPayloadSchema } from './webhookPayload';
