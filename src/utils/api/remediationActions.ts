import { urlUtil } from '@grafana/data';
import { actionsResponseSchema, type ActionRecord } from '../../alerting/remediation';
import { REMEDIATION_PROXY_URL } from '../../constants';
import { ApiError, requestJson } from './http';

/** Actions the Remediations page asks for. */
export const RECENT_ACTIONS_LIMIT = 200;

/**
 * Recent actions and refusals of `vigil remediate`, newest first, through Grafana's plugin proxy (plugin.json
 * route `remediate`, which adds the receiver's bearer token); one alert's only when `fingerprint` is given.
 */
export async function loadRemediationActions(fingerprint?: string): Promise<ActionRecord[]> {
  const url = urlUtil.renderUrl(`${REMEDIATION_PROXY_URL}/api/v1/actions`, {
    limit: RECENT_ACTIONS_LIMIT,
    ...(fingerprint ? { fingerprint } : {}),
  });
  try {
    return (await requestJson(url, actionsResponseSchema)).actions;
  } catch (error) {
    throw new ApiError(explain(error as Error), (error as ApiError).status);
  }
}

/** The receiver's answers that need a hint as to what to change. */
function explain(error: Error): string {
  switch ((error as ApiError).status) {
    case 401:
      return `The remediation receiver refused the token: set the receiver's token on the app's Configuration page (${error.message})`;
    case 502:
    case 503:
    case 504:
      return `Grafana could not reach the remediation receiver: check its URL on the app's Configuration page (${error.message})`;
    default:
      return error.message;
  }
}
