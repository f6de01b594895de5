export type { ServerHandle, ServerName } from './serverHandle';
export { startPrometheus, type PrometheusOptions } from './prometheus';
export { startAlertmanager, type AlertmanagerOptions } from './alertmanager';
export { startPushgateway } from './pushgateway';
export { seriesToOpenMetrics } from './openMetrics';
export { startStack, stackUrls, STACK_URL_ENV, type TestStack } from './stack';
export { BINARIES, MissingBinaryError, requireBinary } from './binaries';
