import {
  type Activity,
  type ActivityAction,
  renderKubernetesName,
  type WebhookAlert,
} from '../../alerting/remediation';
import type { Logger } from '../log';
import { KILL_GRACE_MS, runCommand } from './commandAction';
import { KUBERNETES_REQUEST_TIMEOUT_MS, type KubernetesApi } from './kubernetesApi';
import { postAlert } from './webhookAction';
import { rolloutRestart, scaleWorkload } from './workloadActions';

export interface ActionContext {
  kubernetes: () => KubernetesApi;
  log: Logger;
  now: () => number;
}

/** Runs the activity's action on the alert; resolves with one line saying what it did, rejects saying why not. */
export async function runAction(activity: Activity, alert: WebhookAlert, context: ActionContext): Promise<string> {
  const action = activity.action;
  const labels = alert.labels;
  switch (action.type) {
    case 'command': {
      const result = await runCommand(action.argv, alert, activity.name, action.timeoutMs);
      context.log.info(
        {
          activity: activity.name,
          fingerprint: alert.fingerprint,
          exitCode: result.exitCode,
          signal: result.signal,
          stdout: result.stdout,
          stderr: result.stderr,
        },
        'command output'
      );
      if (!result.ok) {
        throw new Error(result.detail);
      }
      return result.detail;
    }
    case 'rollout_restart':
      return rolloutRestart(
        context.kubernetes(),
        action.kind,
        renderKubernetesName(action.namespace, labels),
        renderKubernetesName(action.name, labels),
        new Date(context.now())
      );
    case 'scale':
      return scaleWorkload(
        context.kubernetes(),
        action.kind,
        renderKubernetesName(action.namespace, labels),
        renderKubernetesName(action.name, labels),
        action.replicas
      );
    case 'webhook':
      return postAlert(action.url, alert, activity.name, action.timeoutMs);
  }
}

/** The longest an action may take: its timeout (a command's SIGKILL grace included), or two Kubernetes requests. */
export function actionTimeLimitMs(action: ActivityAction): number {
  switch (action.type) {
    case 'command':
      return action.timeoutMs + KILL_GRACE_MS;
    case 'webhook':
      return action.timeoutMs;
    case 'rollout_restart':
    case 'scale':
      return 2 * KUBERNETES_REQUEST_TIMEOUT_MS;
  }
}
