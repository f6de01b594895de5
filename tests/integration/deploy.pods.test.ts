import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { buildCli } from './deployCliBuild';
import { parse, parseAllDocuments, stringify } from 'yaml';
import type { Series } from '../../src/engine/series';
import { type ServerHandle, startAlertmanager, startPrometheus, startPushgateway } from '../stack';
import { freeLoopbackPort } from '../stack/freePort';

/**
 * Runs the prod overlay's pods the way Kubernetes would, minus the cluster: the CronJob as one `vigil detect`
 * process per Indexed Job completion (container args with `$(JOB_COMPLETION_INDEX)` expanded, the index in the
 * environment) and the serve Deployment's container, each with the ConfigMap's config.yaml, against real
 * Prometheus, Alertmanager and Pushgateway. Only addresses, the port and the state mount move to this machine.
 */
const ROOT = resolve(__dirname, '../..');
let CLI: string;
const MINUTE = 60_000;
const T0 = Math.floor(Date.now() / MINUTE) * MINUTE;
const INSTANCES = Array.from({ length: 12 }, (_, i) => `host-${i}`);

function history(): Series[] {
  const points = 6 * 60 + 1;
  return INSTANCES.map((instance, k) => {
    const timestamps = new Float64Array(points);
    const values = new Float64Array(points);
    for (let i = 0; i < points; i++) {
      timestamps[i] = T0 - (points - 1 - i) * MINUTE;
      values[i] = 40 + 5 * Math.sin(i / 20 + k) + ((i * 7 + k) % 5) * 0.3;
    }
    return { labels: { __name__: 'vigil_deploy_test_load', instance, job: 'vigil-deploy-test' }, timestamps, values };
  });
}

/** One series at 40 but for a spike to 400 from 10 to 6 minutes ago: an episode still open at T0. */
function spiked(): Series {
  const points = 6 * 60 + 1;
  const timestamps = new Float64Array(points);
  const values = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    timestamps[i] = T0 - (points - 1 - i) * MINUTE;
    const minutesAgo = points - 1 - i;
    values[i] = minutesAgo <= 10 && minutesAgo > 6 ? 400 : 40 + 2 * Math.sin(i / 20);
  }
  return {
    labels: { __name__: 'vigil_deploy_test_spike', instance: 'spiky', job: 'vigil-deploy-test' },
    timestamps,
    values,
  };
}

/** A detector that flags every point of the spike (the seasonal baseline: the alerting is under test). */
function spikeDetector(id: string) {
  return {
    id,
    name: 'Spike',
    query: 'vigil_deploy_test_spike',
    step: '1m',
    trainingWindow: '6h',
    scoringWindow: '15m',
    model: { kind: 'seasonal_baseline' },
  };
}

async function alertsOf(detector: string): Promise<Array<{ labels: Record<string, string> }>> {
  const filter = new URLSearchParams({ filter: `vigil_detector="${detector}"` });
  return (await fetch(`${alertmanager.url}/api/v2/alerts?${filter}`)).json() as Promise<
    Array<{ labels: Record<string, string> }>
  >;
}

type Obj = { kind: string; metadata: { name: string }; [key: string]: any };

/** Runs one pod's process; vigil logs JSON lines to stderr. */
function runPod(
  args: string[],
  env: Record<string, string>
): Promise<{ code: number | null; logs: Array<Record<string, any>>; stdout: string }> {
  return new Promise((done, fail) => {
    const child = spawn('node', [CLI, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => {
      const logs = stderr
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line));
      done({ code, logs, stdout });
    });
  });
}

interface PodFiles {
  /** The container's args with the config path moved into the pod's local root. */
  args: string[];
  stateDir: string;
  config: Record<string, any>;
}

/**
 * The pod's filesystem on this machine: the ConfigMap's config.yaml at the path `--config` names (under a
 * local root), with the servers' addresses, the state mount and `overrides` changed; nothing else.
 */
function podFiles(name: string, objects: Obj[], container: any, overrides: Record<string, unknown>): PodFiles {
  const configMap = objects.find((object) => object.kind === 'ConfigMap')!;
  const mount = (volume: string) =>
    container.volumeMounts.find((volumeMount: { name: string }) => volumeMount.name === volume).mountPath;
  const podRoot = join(scratch, name);
  const configPath: string = container.args[container.args.indexOf('--config') + 1];
  const config = parse(configMap.data[relative(mount('config'), configPath)]);
  expect(config.model_path).toBe(mount('state'));
  const stateDir = join(podRoot, mount('state'));
  const localConfig = {
    ...config,
    prometheus_url: prometheus.url,
    alertmanager_url: alertmanager.url,
    pushgateway_url: pushgateway.url,
    model_path: stateDir,
    min_points: 60,
    detectors: [
      {
        id: `deploy-test-${name}`,
        name: 'Load',
        query: 'vigil_deploy_test_load',
        step: '1m',
        trainingWindow: '6h',
        scoringWindow: '15m',
      },
    ],
    ...overrides,
  };
  mkdirSync(join(podRoot, mount('config')), { recursive: true });
  mkdirSync(stateDir, { recursive: true });
  const localConfigPath = join(podRoot, configPath);
  writeFileSync(localConfigPath, stringify(localConfig));
  return { args: container.args.map((arg: string) => (arg === configPath ? localConfigPath : arg)), stateDir, config };
}

/** The CronJob's Job as Kubernetes runs it: one pod per completion, each with its index in the environment. */
function runIndexedJob(job: any, files: PodFiles) {
  const container = job.template.spec.containers[0];
  return Promise.all(
    Array.from({ length: job.completions }, (_, index) => {
      const env: Record<string, string> = {};
      for (const variable of container.env) {
        // The Job controller fills this annotation with the completion index.
        expect(variable.valueFrom.fieldRef.fieldPath).toBe(
          "metadata.annotations['batch.kubernetes.io/job-completion-index']"
        );
        env[variable.name] = String(index);
      }
      const args = files.args.map((arg) => arg.replace(/\$\((\w+)\)/g, (_: string, name: string) => env[name]));
      return runPod(args, env);
    })
  );
}

function prodObjects(): Obj[] {
  const text = execFileSync('kubectl', ['kustomize', join(ROOT, 'deploy/k8s/overlays/prod')], { encoding: 'utf8' });
  return parseAllDocuments(text).map((document) => document.toJS() as Obj);
}

let prometheus: ServerHandle;
let alertmanager: ServerHandle;
let pushgateway: ServerHandle;
let scratch: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'vigil-cronjob-'));
  CLI = buildCli(join(scratch, 'cli'));
  [prometheus, alertmanager, pushgateway] = await Promise.all([
    startPrometheus({ history: [...history(), spiked()] }),
    startAlertmanager(),
    startPushgateway(),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([prometheus, alertmanager, pushgateway].filter(Boolean).map((server) => server.stop()));
  if (scratch) {
    rmSync(scratch, { recursive: true, force: true });
  }
});

describe('the prod CronJob, run as its Indexed Job pods', () => {
  it('splits the series over the shards: each pod scores its own, together all of them once, each shard pushes its metrics', async () => {
    const objects = prodObjects();
    const job = objects.find((object) => object.kind === 'CronJob')!.spec.jobTemplate.spec;
    const container = job.template.spec.containers[0];
    expect(job.completions).toBeGreaterThan(1);
    const files = podFiles('detect', objects, container, {});

    const pods = await runIndexedJob(job, files);

    const scored: number[] = [];
    pods.forEach((pod, index) => {
      expect({ index, code: pod.code, errors: pod.logs.filter((line) => line.level >= 50) }).toEqual({
        index,
        code: 0,
        errors: [],
      });
      const starting = pod.logs.find((line) => line.msg === 'vigil detect starting')!;
      expect(starting.profile).toBe('prod');
      expect(starting.shard).toEqual({ index, count: job.completions });
      scored.push(pod.logs.find((line) => line.msg === 'vigil detect finished')!.series);
    });
    expect(scored.reduce((sum, count) => sum + count, 0)).toBe(INSTANCES.length);
    expect(scored.filter((count) => count > 0).length).toBeGreaterThan(1);

    const stateFiles = readdirSync(files.stateDir, { recursive: true }).map(String);
    for (let index = 0; index < job.completions; index++) {
      expect(stateFiles.some((file) => file.includes(`shard-${index}-of-${job.completions}`))).toBe(true);
    }

    const groups = (await (await fetch(`${pushgateway.url}/api/v1/metrics`)).json()) as {
      data: Array<{ labels: Record<string, string> }>;
    };
    const shards = groups.data
      .filter((group) => group.labels.vigil_detector === 'deploy-test-detect')
      .map((group) => group.labels.shard);
    expect(shards.sort()).toEqual(Array.from({ length: job.completions }, (_, index) => String(index)));
  }, 180_000);
});

describe('the prod serve Deployment, run as its pod', () => {
  let serve: ChildProcess | undefined;

  afterEach(() => {
    if (serve && serve.exitCode === null) {
      serve.kill('SIGKILL');
    }
  });

  it('answers its probes and the image healthcheck, exposes the scraped path, and stops cleanly on SIGTERM', async () => {
    const objects = prodObjects();
    const deployment = objects.find((object) => object.kind === 'Deployment')!;
    const template = deployment.spec.template;
    const container = template.spec.containers[0];
    const port = await freeLoopbackPort();
    const files = podFiles('serve', objects, container, { listen_port: port, run_interval_seconds: 600 });
    expect(container.ports[0].containerPort).toBe(files.config.listen_port);

    serve = spawn('node', [CLI, ...files.args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    let logs = '';
    serve.stderr!.on('data', (chunk) => (logs += chunk));
    const exited = new Promise<number | null>((done) => serve!.on('exit', (code) => done(code)));

    const base = `http://127.0.0.1:${port}`;
    const probePath = container.readinessProbe.httpGet.path;
    let ready = false;
    // The first run happens before the pod is ready; on a busy 2-core machine it can take tens of seconds.
    const readyDeadline = Date.now() + 90_000;
    while (!ready && Date.now() < readyDeadline) {
      ready = await fetch(`${base}${probePath}`).then(
        (response) => response.ok,
        () => false
      );
      if (!ready) {
        await new Promise((done) => setTimeout(done, 200));
      }
    }
    expect({ ready, logs: ready ? '' : logs }).toEqual({ ready: true, logs: '' });
    expect(container.livenessProbe.httpGet.path).toBe(probePath);

    const healthcheck = spawn('node', [join(ROOT, 'deploy/healthcheck.mjs')], {
      env: { ...process.env, VIGIL_HEALTHCHECK_URL: `${base}/healthz` },
    });
    expect(await new Promise((done) => healthcheck.on('exit', done))).toBe(0);

    const annotations = template.metadata.annotations;
    expect(annotations['prometheus.io/port']).toBe(String(container.ports[0].containerPort));
    const scraped = await (await fetch(`${base}${annotations['prometheus.io/path']}`)).text();
    expect(scraped).toMatch(/^# (HELP|TYPE) vigil_/m);

    serve.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 180_000);

  it('scores and exports an anomaly but sends no alert: the CronJob alone alerts, once', async () => {
    const objects = prodObjects();
    const container = objects.find((object) => object.kind === 'Deployment')!.spec.template.spec.containers[0];
    const port = await freeLoopbackPort();
    const detectors = [spikeDetector('deploy-test-one-sender')];
    const files = podFiles('serve-spike', objects, container, {
      listen_port: port,
      run_interval_seconds: 600,
      detectors,
    });
    serve = spawn('node', [CLI, ...files.args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    const exited = new Promise<number | null>((done) => serve!.on('exit', (code) => done(code)));
    let metrics = '';
    const deadline = Date.now() + 90_000;
    while (!/vigil_run_duration_seconds_count\{vigil_detector="deploy-test-one-sender"\} 1/.test(metrics)) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((done) => setTimeout(done, 200));
      metrics = await fetch(`http://127.0.0.1:${port}/metrics`).then(
        (response) => response.text(),
        () => ''
      );
    }
    const anomalies = /vigil_anomalies_total\{vigil_detector="deploy-test-one-sender"\} (\d+)/.exec(metrics);
    expect(Number(anomalies?.[1])).toBeGreaterThan(0);
    serve.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await alertsOf('deploy-test-one-sender')).toEqual([]);

    const job = objects.find((object) => object.kind === 'CronJob')!.spec.jobTemplate.spec;
    const pods = await runIndexedJob(
      job,
      podFiles('detect-spike', objects, job.template.spec.containers[0], { detectors })
    );
    expect(pods.map((pod) => pod.code)).toEqual(pods.map(() => 0));
    const alerts = await alertsOf('deploy-test-one-sender');
    expect(alerts.map((alert) => alert.labels.instance)).toEqual(['spiky']);
  }, 240_000);
});
