import { type Alert, type AlertState, enqueue, type Outbox } from '../../alerting';
import type { StateDirectory } from '../state/stateDirectory';
import { writeStateFile } from '../state/stateFile';

/**
 * The alert state and the outbox of a run, saved after each detector's alert lifecycle and before that
 * detector's state, so a detector state that has moved past some points is never on disk before the alerts
 * those points produced. A run killed at any moment leaves the next one either those alerts to deliver or
 * those points to score again.
 */
export class AlertJournal {
  constructor(
    private readonly directory: StateDirectory,
    public alertState: AlertState,
    public outbox: Outbox,
    /** False when no channel is configured: alerts are then not kept for a delivery that cannot happen. */
    private readonly queueing: boolean
  ) {}

  /**
   * Saves one detector's lifecycle: the outbox first, then the alert state. In the other order, a run killed in
   * between would leave an alert state that has seen the points (the next run does not raise their alerts again)
   * and no alert queued; in this order it queues the alerts twice at worst, and Alertmanager deduplicates.
   * Returns the bytes written.
   */
  record(alertState: AlertState, alerts: Alert[], nowMs: number): number {
    let bytes = 0;
    if (this.queueing && alerts.length > 0) {
      const outbox = enqueue(this.outbox, alerts, nowMs);
      bytes += writeStateFile(this.directory.outboxFile(), 'outbox', outbox);
      this.outbox = outbox;
    }
    bytes += writeStateFile(this.directory.alertsFile(), 'alerts', alertState);
    this.alertState = alertState;
    return bytes;
  }

  /** Saves the outbox left by delivery, unless it is what is on disk already. Returns the bytes written. */
  settle(outbox: Outbox): number {
    if (JSON.stringify(outbox) === JSON.stringify(this.outbox)) {
      return 0;
    }
    const bytes = writeStateFile(this.directory.outboxFile(), 'outbox', outbox);
    this.outbox = outbox;
    return bytes;
  }
}
