import type { KubeObject } from './kubeObject';
import { configMapNameSuffix } from './kustomizeHash';

export const DEFAULT_NAMESPACE = 'vigil';
export const DEFAULT_IMAGE = 'vigil:latest';
export const DEFAULT_SCHEDULE = '*/5 * * * *';

export const NAMES = {
  serviceAccount: 'vigil',
  config: 'vigil-config',
  secret: 'vigil-secrets',
  detectState: 'vigil-state',
  serveState: 'vigil-serve-state',
  cronJob: 'vigil-detect',
  deployment: 'vigil-serve',
  service: 'vigil-serve',
} as const;

/** Where the config is mounted in every pod; `--config` points here. */
export const CONFIG_MOUNT_DIR = '/etc/vigil';
export const CONFIG_FILE_NAME = 'config.yaml';
export const CONFIG_PATH_IN_POD = `${CONFIG_MOUNT_DIR}/${CONFIG_FILE_NAME}`;
const SHARD_INDEX_ENV = 'JOB_COMPLETION_INDEX';
const RUN_AS_ID = 10001;

export interface ManifestOptions {
  /** config.yaml exactly as written; it becomes the ConfigMap's data. */
  configText: string;
  /** The effective config's state directory (`model_path`), absolute: the state volume mounts there. */
  statePath: string;
  /** The effective config's `listen_port`: `vigil serve` answers /metrics and /healthz there. */
  listenPort: number;
  namespace: string;
  image: string;
  /** Config profile passed as `--profile`; none when undefined. */
  profile: string | undefined;
  /** Pods per detect run (Indexed Job completions = parallelism); 1 runs unsharded. */
  shards: number;
  schedule: string;
  /** storageClassName of the detect state claim; the cluster's default class when undefined. */
  storageClass: string | undefined;
  /** Add the sample Secret (placeholder values): applied over a real `vigil-secrets`, it would replace it. */
  sampleSecret: boolean;
}

function labels(component: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'vigil',
    'app.kubernetes.io/part-of': 'vigil',
    'app.kubernetes.io/component': component,
  };
}

function selectorLabels(component: string): Record<string, string> {
  return { 'app.kubernetes.io/name': 'vigil', 'app.kubernetes.io/component': component };
}

function commandArgs(command: 'detect' | 'serve', options: ManifestOptions): string[] {
  const args = [command, '--config', CONFIG_PATH_IN_POD];
  if (options.profile) {
    args.push('--profile', options.profile);
  }
  if (command === 'detect') {
    args.push('--shard-index', `$(${SHARD_INDEX_ENV})`, '--shard-count', String(options.shards));
  } else {
    // The CronJob is the one alert sender: two would send every alert twice and resolve each other's.
    args.push('--no-alerts');
  }
  return args;
}

const containerSecurityContext = {
  runAsNonRoot: true,
  runAsUser: RUN_AS_ID,
  runAsGroup: RUN_AS_ID,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

const podSecurityContext = {
  runAsNonRoot: true,
  runAsUser: RUN_AS_ID,
  runAsGroup: RUN_AS_ID,
  fsGroup: RUN_AS_ID,
  seccompProfile: { type: 'RuntimeDefault' },
};

function volumes(configMapName: string, stateClaim: string): unknown[] {
  return [
    { name: 'config', configMap: { name: configMapName } },
    { name: 'state', persistentVolumeClaim: { claimName: stateClaim } },
    { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
  ];
}

/** Where the vigil container mounts the volumes of `volumes()`. */
function volumeMounts(statePath: string): unknown[] {
  return [
    { name: 'config', mountPath: CONFIG_MOUNT_DIR, readOnly: true },
    { name: 'state', mountPath: statePath },
    { name: 'tmp', mountPath: '/tmp' },
  ];
}

const secretEnv = [{ secretRef: { name: NAMES.secret, optional: true } }];

function detectCronJob(options: ManifestOptions, configMapName: string): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: NAMES.cronJob, namespace: options.namespace, labels: labels('detect') },
    spec: {
      schedule: options.schedule,
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 120,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 5,
      jobTemplate: {
        metadata: { labels: labels('detect') },
        spec: {
          completionMode: 'Indexed',
          completions: options.shards,
          parallelism: options.shards,
          backoffLimit: 2,
          activeDeadlineSeconds: 900,
          ttlSecondsAfterFinished: 86400,
          template: {
            metadata: { labels: labels('detect') },
            spec: {
              serviceAccountName: NAMES.serviceAccount,
              automountServiceAccountToken: false,
              restartPolicy: 'Never',
              securityContext: podSecurityContext,
              containers: [
                {
                  name: 'vigil',
                  image: options.image,
                  imagePullPolicy: 'IfNotPresent',
                  args: commandArgs('detect', options),
                  env: [
                    // Declared so that args may expand it; the Job controller sets the same value.
                    {
                      name: SHARD_INDEX_ENV,
                      valueFrom: {
                        fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" },
                      },
                    },
                  ],
                  envFrom: secretEnv,
                  resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '1Gi' } },
                  securityContext: containerSecurityContext,
                  // Shards share the state volume: vigil names its state files per shard (`*.shard-I-of-N.json[l]`).
                  volumeMounts: volumeMounts(options.statePath),
                },
              ],
              volumes: volumes(configMapName, NAMES.detectState),
            },
          },
        },
      },
    },
  };
}

function serveDeployment(options: ManifestOptions, configMapName: string): KubeObject {
  const scrape = {
    'prometheus.io/scrape': 'true',
    'prometheus.io/port': String(options.listenPort),
    'prometheus.io/path': '/metrics',
  };
  const probe = { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 15, timeoutSeconds: 5 };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: NAMES.deployment, namespace: options.namespace, labels: labels('serve') },
    spec: {
      replicas: 1,
      // The state volume is ReadWriteOnce and a second scorer would double every alert: never two pods.
      strategy: { type: 'Recreate' },
      selector: { matchLabels: selectorLabels('serve') },
      template: {
        metadata: { labels: labels('serve'), annotations: scrape },
        spec: {
          serviceAccountName: NAMES.serviceAccount,
          automountServiceAccountToken: false,
          securityContext: podSecurityContext,
          containers: [
            {
              name: 'vigil',
              image: options.image,
              imagePullPolicy: 'IfNotPresent',
              args: commandArgs('serve', options),
              envFrom: secretEnv,
              ports: [{ name: 'http', containerPort: options.listenPort, protocol: 'TCP' }],
              readinessProbe: { ...probe, initialDelaySeconds: 5 },
              livenessProbe: { ...probe, initialDelaySeconds: 30, failureThreshold: 4 },
              resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '1Gi' } },
              securityContext: containerSecurityContext,
              volumeMounts: volumeMounts(options.statePath),
            },
          ],
          volumes: volumes(configMapName, NAMES.serveState),
        },
      },
    },
  };
}

function stateClaim(
  name: string,
  component: string,
  namespace: string,
  volume: { accessMode: string; storageClass?: string }
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace, labels: labels(component) },
    spec: {
      accessModes: [volume.accessMode],
      ...(volume.storageClass === undefined ? {} : { storageClassName: volume.storageClass }),
      resources: { requests: { storage: '1Gi' } },
    },
  };
}

/** The shard pods of one run may land on different nodes, all writing the one detect state volume. */
function detectStateVolume(options: ManifestOptions): { accessMode: string; storageClass?: string } {
  return { accessMode: options.shards > 1 ? 'ReadWriteMany' : 'ReadWriteOnce', storageClass: options.storageClass };
}

/** The sample Secret: keys become environment variables; every value is an obvious placeholder. */
const SAMPLE_SECRET_DATA: Record<string, string> = {
  ALERT_WEBHOOK: 'https://hooks.slack.invalid/services/REPLACE/ME',
  PROMETHEUS_BEARER_TOKEN: 'REPLACE-ME-prometheus-token',
  GRAFANA_TOKEN: 'REPLACE-ME-grafana-service-account-token',
};

/** The sample `vigil-secrets`, for a first try: the pods read its keys as environment variables. */
export function sampleSecret(namespace: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: NAMES.secret,
      namespace,
      labels: labels('secrets'),
      annotations: { 'vigil.dev/sample': 'replace every value before use' },
    },
    type: 'Opaque',
    stringData: SAMPLE_SECRET_DATA,
  };
}

/**
 * The Kubernetes objects that run Vigil for one config: the objects `kubectl kustomize deploy/k8s/base`
 * builds for the base's config, including the ConfigMap's kustomize name suffix. No Secret unless
 * `sampleSecret`: the pods read the real one, created out of band, when it exists.
 */
export function buildManifests(options: ManifestOptions): KubeObject[] {
  const configData = { [CONFIG_FILE_NAME]: options.configText };
  const configMapName = `${NAMES.config}-${configMapNameSuffix(configData)}`;
  const { namespace } = options;
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: labels('namespace') } },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: NAMES.serviceAccount, namespace, labels: labels('identity') },
      automountServiceAccountToken: false,
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: configMapName, namespace, labels: labels('config') },
      data: configData,
    },
    ...(options.sampleSecret ? [sampleSecret(namespace)] : []),
    stateClaim(NAMES.detectState, 'detect', namespace, detectStateVolume(options)),
    stateClaim(NAMES.serveState, 'serve', namespace, { accessMode: 'ReadWriteOnce' }),
    detectCronJob(options, configMapName),
    serveDeployment(options, configMapName),
    {
      apiVersion: 'v1',
      kind: 'Service',
      // No scrape annotations here: the pod carries them, and both would make Prometheus scrape twice.
      metadata: { name: NAMES.service, namespace, labels: labels('serve') },
      spec: {
        type: 'ClusterIP',
        selector: selectorLabels('serve'),
        ports: [{ name: 'http', port: options.listenPort, targetPort: 'http', protocol: 'TCP' }],
      },
    },
  ];
}
