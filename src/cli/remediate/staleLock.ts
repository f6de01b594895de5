import { lockDecision, lockExpired, type LockHolder, type WebhookAlert } from '../../alerting/remediation';

/**
 * Why the lock `holder` has on an alert's target is to be released before the alert is decided, or undefined when it
 * stands: the receiver releases it for this reason, `vigil remediate test` and `--dry-run` say it.
 */
export function staleLockReason(
  holder: LockHolder | undefined,
  alert: Pick<WebhookAlert, 'fingerprint' | 'startsAt'>,
  fittedAt: string | undefined,
  nowMs: number,
  lockMaxAgeMs: number
): string | undefined {
  if (!holder) {
    return undefined;
  }
  switch (lockDecision(holder, alert.fingerprint, alert.startsAt, fittedAt)) {
    case 'refitted':
      return 'the detector refitted the series since';
    case 'new_episode':
      return 'held by an earlier episode of this alert, whose resolve was missed';
    case 'held':
      return lockExpired(holder, nowMs, lockMaxAgeMs)
        ? `alert ${holder.fingerprint} took it at ${holder.lockedAt}, over lock_max_age ago`
        : undefined;
    default:
      return undefined;
  }
}
