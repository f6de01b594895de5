export { type Alert } from '../alerting/alert';
export {
  AlertDeliveryError,
  type AlertFilter,
  AlertmanagerClient,
  type AlertmanagerAlert,
  type AlertmanagerClientOptions,
  type AlertmanagerStatus,
  type FilterMatcher,
  type NewSilence,
  type Silence,
  type TimeInput,
} from './alertmanager';
export { type Auth, authHeaders, base64, base64Url } from './auth';
export { backoffDelayMs, DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff';
export { ClientError, type ClientErrorKind, mayHaveReachedServer, NotSentError, RejectedRequestError } from './errors';
export { grafanaAlertmanagerUrl, grafanaDatasourceProxyUrl } from './grafana';
export { type FetchLike, HttpClient, type HttpClientOptions, type HttpRequest, type HttpResponse } from './http';
export {
  alignToGrid,
  type InstantSample,
  mergeMatrices,
  PrometheusClient,
  type PrometheusClientOptions,
  type QueryOptions,
} from './prometheus';
export { parseSampleValue } from './prometheusValues';
export { groupingPath, PushgatewayClient } from './pushgateway';
export { gridPointCount, planRangeChunks, PROMETHEUS_MAX_POINTS, type RangeChunk } from './rangeChunks';
export { type SlackPayload, SlackWebhookClient } from './slack';
