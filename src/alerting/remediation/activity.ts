import { type LabelMatcher, matchesAll } from '../matchers';
import { renderKubernetesName, renderTemplate } from './labelTemplate';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

interface WorkloadTemplate {
  /** Templates over the alert's labels. */
  namespace: string;
  name: string;
}

/** What an activity does; templates are filled from the alert's labels at run time. */
export type ActivityAction =
  | { type: 'command'; argv: string[]; timeoutMs: number }
  | ({ type: 'rollout_restart'; kind: WorkloadKind } & WorkloadTemplate)
  | ({
      type: 'scale';
      kind: Exclude<WorkloadKind, 'DaemonSet'>;
      replicas: number;
      min: number;
      max: number;
    } & WorkloadTemplate)
  | { type: 'webhook'; url: string; timeoutMs: number };

/** One entry of the config's `activities:`, validated. */
export interface Activity {
  name: string;
  matchers: LabelMatcher[];
  action: ActivityAction;
  cooldownMs: number;
  maxActionsPerHour: number;
}

export function activityMatches(activity: Activity, labels: Record<string, string>): boolean {
  return matchesAll(activity.matchers, labels);
}

/**
 * What an activity acts on, for its lock: the Kubernetes object (`Deployment/prod/api`), or for a command or
 * webhook the alert itself (its fingerprint). Throws TemplateError when the labels do not fill the templates.
 */
export function activityTarget(activity: Activity, labels: Record<string, string>, fingerprint: string): string {
  const action = activity.action;
  switch (action.type) {
    case 'rollout_restart':
    case 'scale':
      return `${action.kind}/${renderKubernetesName(action.namespace, labels)}/${renderKubernetesName(action.name, labels)}`;
    case 'command':
      action.argv.forEach((part) => renderTemplate(part, labels));
      return `alert/${fingerprint}`;
    case 'webhook':
      return `alert/${fingerprint}`;
  }
}
