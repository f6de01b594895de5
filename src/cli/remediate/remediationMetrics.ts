import { MetricsRegistry } from '../metrics/registry';
import type { RemediationState } from './remediationStore';

/** The receiver's /metrics. */
export function createRemediationMetrics(): MetricsRegistry {
  const registry = new MetricsRegistry();
  registry.declareCounter(
    'vigil_remediation_notifications_total',
    'Webhook notifications received, by result (accepted, unauthorized, too_large, invalid).'
  );
  registry.declareCounter(
    'vigil_remediation_truncated_alerts_total',
    'Alerts Alertmanager left out of notifications (truncatedAlerts, under the webhook max_alerts): never decided on.'
  );
  registry.declareCounter(
    'vigil_remediation_actions_total',
    'Activity decisions by activity and outcome (succeeded, failed, interrupted, dry_run, refused_cooldown, refused_budget, lock_wait).'
  );
  registry.declareCounter(
    'vigil_remediation_lock_waits_total',
    'Actions not run because another alert holds the lock.'
  );
  registry.declareCounter('vigil_remediation_budget_refusals_total', 'Actions refused by max_actions_per_hour.');
  registry.declareCounter('vigil_remediation_cooldown_refusals_total', 'Actions refused by the cooldown.');
  registry.declareCounter(
    'vigil_remediation_redeliveries_total',
    'Alerts already acted on or refused, seen again (nothing run or recorded).'
  );
  registry.declareCounter('vigil_remediation_lock_releases_total', 'Locks released by a resolved alert.');
  registry.declareGauge('vigil_remediation_git_pending_records', 'Records not yet committed to the Git record.');
  registry.declareGauge('vigil_remediation_git_push_pending', '1 while commits wait for a push to the remote.');
  return registry;
}

/** The Git backlog gauges, from the state as it is now (set at each scrape). */
export function setGitGauges(registry: MetricsRegistry, state: RemediationState): void {
  registry.set('vigil_remediation_git_pending_records', {}, state.pending.length);
  registry.set('vigil_remediation_git_push_pending', {}, state.pushPending ? 1 : 0);
}
