import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { CronJob } from 'kubernetes-models/batch/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { ConfigMap, Namespace, PersistentVolumeClaim, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { buildCli } from './deployCliBuild';
import { parse, parseAllDocuments, parseDocument, type YAMLSeq } from 'yaml';
import { parseDetectorSpec } from '../../src/engine/detectorSpec';
import { detectorsConfigYaml } from '../../src/utils/exportDetector';
import { longestScheduleGapSeconds } from '../../src/cli/k8s/cronInterval';

const ROOT = resolve(__dirname, '../..');
const K8S = join(ROOT, 'deploy/k8s');
const BASE = join(K8S, 'base');
let CLI: string;
const KUBECTL_HINT =
  'the deploy checks need kubectl >= 1.27 (built-in kustomize 5): the Debian package "kubectl" of the Kubernetes apt ' +
  "repository or the Google Cloud SDK; Debian's own kubernetes-client (1.20, kustomize 2.0.3) cannot build these files.";

type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: any;
};

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ServiceAccount': ServiceAccount,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'v1/Service': Service,
  'batch/v1/CronJob': CronJob,
  'apps/v1/Deployment': Deployment,
};

/** Why this machine's kubectl cannot run the checks, or undefined when it can. */
function kubectlProblem(): string | undefined {
  const version = spawnSync('kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    return `kubectl not found or not working (${version.error?.message ?? version.stderr.trim()}): ${KUBECTL_HINT}`;
  }
  const { clientVersion, kustomizeVersion } = JSON.parse(version.stdout);
  const kustomizeMajor = Number(/^v(\d+)/.exec(kustomizeVersion ?? '')?.[1] ?? 0);
  if (kustomizeMajor < 5) {
    return `kubectl ${clientVersion.gitVersion} has kustomize ${kustomizeVersion ?? '< 4 (not reported)'}: ${KUBECTL_HINT}`;
  }
  return undefined;
}

function parseStream(text: string): Obj[] {
  return parseAllDocuments(text)
    .map((document) => {
      if (document.errors.length > 0) {
        throw new Error(`invalid YAML: ${document.errors[0].message}`);
      }
      return document.toJS() as Obj | null;
    })
    .filter((object): object is Obj => object !== null);
}

function kustomize(dir: string): Obj[] {
  return parseStream(
    execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  );
}

function vigil(
  args: string[],
  env: Record<string, string> = {}
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('node', [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CONFIG_PATH: '', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function byIdentity(objects: Obj[]): Obj[] {
  const identity = (object: Obj) =>
    `${object.apiVersion}/${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
  return [...objects].sort((a, b) => identity(a).localeCompare(identity(b)));
}

function find(objects: Obj[], kind: string): Obj {
  const matches = objects.filter((object) => object.kind === kind);
  expect(matches).toHaveLength(1);
  return matches[0];
}

function podSpecs(objects: Obj[]): Array<{ owner: Obj; spec: any }> {
  return objects.flatMap((object) => {
    if (object.kind === 'CronJob') {
      return [{ owner: object, spec: object.spec.jobTemplate.spec.template.spec }];
    }
    if (object.kind === 'Deployment') {
      return [{ owner: object, spec: object.spec.template.spec }];
    }
    return [];
  });
}

function flagValue(args: string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
}

const OVERLAYS = [
  { name: 'dev', namespace: 'vigil-dev', shards: 1, sampleSecret: true },
  { name: 'stage', namespace: 'vigil-stage', shards: 2, sampleSecret: false },
  { name: 'prod', namespace: 'vigil-prod', shards: 4, sampleSecret: false },
];

const built: Record<string, Obj[]> = {};
let scratch: string;

beforeAll(() => {
  const problem = kubectlProblem();
  if (problem) {
    throw new Error(problem);
  }
  scratch = mkdtempSync(join(tmpdir(), 'vigil-deploy-'));
  CLI = buildCli(join(scratch, 'cli'));
  built.base = kustomize(BASE);
  for (const overlay of OVERLAYS) {
    built[overlay.name] = kustomize(join(K8S, 'overlays', overlay.name));
  }
}, 120_000);

afterAll(() => {
  if (scratch) {
    rmSync(scratch, { recursive: true, force: true });
  }
});

describe.each(['base', ...OVERLAYS.map((overlay) => overlay.name)])('kustomize %s', (name) => {
  it('renders the full set of objects, each valid against the Kubernetes schemas', () => {
    const objects = built[name];
    const kinds = objects.map((object) => object.kind).sort();
    const expected = [
      'ConfigMap',
      'CronJob',
      'Deployment',
      'Namespace',
      'PersistentVolumeClaim',
      'PersistentVolumeClaim',
      'Service',
      'ServiceAccount',
    ];
    if (name === 'dev') {
      expected.push('Secret');
    }
    expect(kinds).toEqual(expected.sort());
    for (const object of objects) {
      const Model = MODELS[`${object.apiVersion}/${object.kind}`];
      expect(Model).toBeDefined();
      expect(() => new Model(object).validate()).not.toThrow();
    }
  });

  it('runs every container as uid 10001 on a read-only root with no capabilities', () => {
    for (const { spec } of podSpecs(built[name])) {
      expect(spec.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 10001,
        fsGroup: 10001,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(spec.automountServiceAccountToken).toBe(false);
      for (const container of spec.containers) {
        expect(container.securityContext).toMatchObject({
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(container.resources.requests.cpu).toBeDefined();
        expect(container.resources.requests.memory).toBeDefined();
        expect(container.resources.limits.memory).toBeDefined();
        const mounts = container.volumeMounts.map((mount: { mountPath: string }) => mount.mountPath);
        expect(mounts).toContain('/tmp');
      }
    }
  });

  it('references only objects it defines (ConfigMap, claims, ServiceAccount, Secret)', () => {
    const objects = built[name];
    const names = (kind: string) =>
      objects.filter((object) => object.kind === kind).map((object) => object.metadata.name);
    for (const { spec } of podSpecs(objects)) {
      expect(names('ServiceAccount')).toContain(spec.serviceAccountName);
      for (const volume of spec.volumes) {
        if (volume.configMap) {
          expect(names('ConfigMap')).toContain(volume.configMap.name);
        }
        if (volume.persistentVolumeClaim) {
          expect(names('PersistentVolumeClaim')).toContain(volume.persistentVolumeClaim.claimName);
        }
      }
      for (const source of spec.containers[0].envFrom) {
        // The Secret is created out of band in stage/prod: the reference must tolerate its absence.
        expect(source.secretRef.optional || names('Secret').includes(source.secretRef.name)).toBe(true);
      }
    }
    const namespaces = new Set(
      objects.filter((object) => object.kind !== 'Namespace').map((object) => object.metadata.namespace)
    );
    expect([...namespaces]).toEqual([find(objects, 'Namespace').metadata.name]);
    const service = find(objects, 'Service');
    const deployment = find(objects, 'Deployment');
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
  });

  it('schedules detect as an Indexed Job with one pod per shard, and scrapes serve', () => {
    const cronJob = find(built[name], 'CronJob');
    expect(cronJob.spec).toMatchObject({
      concurrencyPolicy: 'Forbid',
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 5,
    });
    const job = cronJob.spec.jobTemplate.spec;
    expect(job.completionMode).toBe('Indexed');
    expect(job.backoffLimit).toBeGreaterThan(0);
    expect(job.parallelism).toBe(job.completions);
    const container = job.template.spec.containers[0];
    expect(container.args[0]).toBe('detect');
    expect(flagValue(container.args, '--shard-count')).toBe(String(job.completions));
    expect(flagValue(container.args, '--shard-index')).toBe('$(JOB_COMPLETION_INDEX)');
    const indexEnv = container.env.find((variable: { name: string }) => variable.name === 'JOB_COMPLETION_INDEX');
    expect(indexEnv.valueFrom.fieldRef.fieldPath).toBe(
      "metadata.annotations['batch.kubernetes.io/job-completion-index']"
    );

    const deployment = find(built[name], 'Deployment');
    const port = deployment.spec.template.spec.containers[0].ports[0].containerPort;
    expect(deployment.spec.template.metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': String(port),
      'prometheus.io/path': '/metrics',
    });
    expect(deployment.spec.template.spec.containers[0].args[0]).toBe('serve');
    expect(deployment.spec.template.spec.containers[0].readinessProbe.httpGet.path).toBe('/healthz');
  });

  it('sends alerts from one workload only: the CronJob; serve runs with --no-alerts', () => {
    const senders = podSpecs(built[name])
      .filter(({ spec }) => !spec.containers[0].args.includes('--no-alerts'))
      .map(({ owner }) => owner.kind);
    expect(senders).toEqual(['CronJob']);
  });

  it('runs with a config that `vigil config check` accepts, mounted where the args and model_path say', () => {
    const objects = built[name];
    const configMap = find(objects, 'ConfigMap');
    for (const { owner, spec } of podSpecs(objects)) {
      const container = spec.containers[0];
      const configPath: string = flagValue(container.args, '--config')!;
      const configMount = container.volumeMounts.find((mount: { name: string }) => mount.name === 'config');
      const fileName = relative(configMount.mountPath, configPath);
      expect(Object.keys(configMap.data)).toContain(fileName);

      const file = join(scratch, `${name}-${owner.kind}-${fileName}`);
      writeFileSync(file, configMap.data[fileName]);
      const profile = flagValue(container.args, '--profile');
      const check = vigil(['config', 'check', '--config', file, ...(profile ? ['--profile', profile] : [])]);
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
      const effective = parse(check.stdout.replace(/^#.*\n/, ''));
      expect(effective.profile ?? undefined).toBe(profile);
      const stateMount = container.volumeMounts.find((mount: { name: string }) => mount.name === 'state');
      expect(stateMount.mountPath).toBe(effective.settings.model_path);
      if (owner.kind === 'Deployment') {
        expect(container.ports[0].containerPort).toBe(effective.settings.listen_port);
      } else {
        // Alerts last three run intervals: runs further apart would let them resolve between runs.
        expect(longestScheduleGapSeconds(owner.spec.schedule)).toBe(effective.settings.run_interval_seconds);
      }
    }
  });
});

describe.each(OVERLAYS)('overlay $name', ({ name, namespace, shards, sampleSecret }) => {
  it('sets its namespace, shard count, profile and image', () => {
    const objects = built[name];
    expect(find(objects, 'Namespace').metadata.name).toBe(namespace);
    const job = find(objects, 'CronJob').spec.jobTemplate.spec;
    expect(job.parallelism).toBe(shards);
    for (const { spec } of podSpecs(objects)) {
      expect(flagValue(spec.containers[0].args, '--profile')).toBe(name);
      expect(spec.containers[0].image).toMatch(/^registry\.example\.com\/platform\/vigil:/);
    }
    const claim = objects.find(
      (object) => object.kind === 'PersistentVolumeClaim' && object.metadata.name === 'vigil-state'
    )!;
    expect(claim.spec.accessModes).toEqual([shards > 1 ? 'ReadWriteMany' : 'ReadWriteOnce']);
    expect(objects.some((object) => object.kind === 'Secret')).toBe(sampleSecret);
  });
});

describe('sample secret', () => {
  it('holds placeholders only', () => {
    const secret = find(built.dev, 'Secret');
    expect(Object.keys(secret.stringData).sort()).toEqual([
      'ALERT_WEBHOOK',
      'GRAFANA_TOKEN',
      'PROMETHEUS_BEARER_TOKEN',
    ]);
    for (const value of Object.values<string>(secret.stringData)) {
      expect(value).toMatch(/REPLACE/);
    }
    expect(new URL(secret.stringData.ALERT_WEBHOOK).hostname.endsWith('.invalid')).toBe(true);
  });

  it('feeds the Slack webhook to vigil through the environment (envFrom), masked in config check', () => {
    const secret = find(built.dev, 'Secret');
    const check = vigil(['config', 'check', '--config', join(BASE, 'config.yaml')], {
      ALERT_WEBHOOK: secret.stringData.ALERT_WEBHOOK,
    });
    expect(check.status).toBe(0);
    const effective = parse(check.stdout);
    expect(effective.settings.slack_webhook_url).toMatch(/^https:\/\/hooks\.slack\.invalid\//);
    expect(check.stdout).not.toContain('REPLACE/ME');
  });
});

describe('overlays differ where they should', () => {
  it('gives each environment its own schedule and resources', () => {
    const schedules = OVERLAYS.map((overlay) => find(built[overlay.name], 'CronJob').spec.schedule);
    expect(schedules).toEqual(['*/10 * * * *', '*/5 * * * *', '*/5 * * * *']);
    const memory = OVERLAYS.map(
      (overlay) =>
        find(built[overlay.name], 'CronJob').spec.jobTemplate.spec.template.spec.containers[0].resources.limits.memory
    );
    expect(memory).toEqual(['512Mi', '1Gi', '2Gi']);
  });
});

describe('vigil k8s render', () => {
  it("prints the CronJob when the README's commands are pasted into a shell as written (kubectl swapped for cat)", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const commands = [...readme.matchAll(/`([^`\n]*k8s render[^`\n]*)`/g)].map((match) => match[1]);
    expect(commands.length).toBeGreaterThan(0);
    const home = mkdtempSync(join(scratch, 'user-'));
    // A user's checkout: the example config, also copied to ./config.yaml as the docs suggest.
    cpSync(join(ROOT, 'examples'), join(home, 'examples'), { recursive: true });
    cpSync(join(ROOT, 'examples/config.yaml'), join(home, 'config.yaml'));
    const bin = join(home, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'vigil'), `#!/bin/sh\nexec node ${JSON.stringify(CLI)} "$@"\n`, { mode: 0o755 });
    for (const command of commands) {
      const pasted = command.replace('node dist-cli/vigil.js', 'vigil').replace(/kubectl apply -f/g, 'cat');
      const result = spawnSync('bash', ['-c', pasted], {
        cwd: home,
        encoding: 'utf8',
        env: { PATH: `${bin}:${process.env.PATH ?? ''}` },
        // stdin a socket (Node's default) makes Debian's bash read ~/.bashrc as if started by sshd.
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect({ command, stderr: result.stderr, status: result.status }).toEqual({ command, stderr: '', status: 0 });
      expect(parseStream(result.stdout).filter((object) => object.kind === 'CronJob')).toHaveLength(1);
    }
  });

  it('prints the objects kubectl kustomize builds from deploy/k8s/base', () => {
    const rendered = vigil(['k8s', 'render', '--config', 'deploy/k8s/base/config.yaml']);
    expect(rendered.stderr).toBe('');
    expect(rendered.status).toBe(0);
    expect(byIdentity(parseStream(rendered.stdout))).toEqual(byIdentity(built.base));
  });

  it('prints no Secret, so applying never replaces the real vigil-secrets, unless --sample-secret asks for the sample', () => {
    const prod = vigil(['k8s', 'render', '--config', 'deploy/k8s/base/config.yaml', '--profile', 'prod']);
    expect(prod.status).toBe(0);
    expect(parseStream(prod.stdout).filter((object) => object.kind === 'Secret')).toEqual([]);

    const sample = vigil([
      'k8s',
      'render',
      '--config',
      'deploy/k8s/base/config.yaml',
      '-n',
      'vigil-dev',
      '--sample-secret',
    ]);
    expect(sample.status).toBe(0);
    expect(find(parseStream(sample.stdout), 'Secret')).toEqual(find(built.dev, 'Secret'));
  });

  it('generated deploy/k8s/base: --out writes the committed files', () => {
    const out = join(scratch, 'base');
    const result = vigil(['k8s', 'render', '--config', 'deploy/k8s/base/config.yaml', '--out', out]);
    expect(result.status).toBe(0);
    const committed = readdirSync(BASE).sort();
    expect(readdirSync(out).sort()).toEqual(committed);
    for (const file of committed) {
      expect(`${file}:\n${readFileSync(join(out, file), 'utf8')}`).toBe(
        `${file}:\n${readFileSync(join(BASE, file), 'utf8')}`
      );
    }
  });

  it('keeps the base right when only config.yaml is edited: new ConfigMap name, every reference follows', () => {
    const copy = join(scratch, 'edited-base');
    cpSync(BASE, copy, { recursive: true });
    const edited = readFileSync(join(copy, 'config.yaml'), 'utf8').replace('sensitivity: 0.5', 'sensitivity: 0.7');
    expect(edited).not.toBe(readFileSync(join(BASE, 'config.yaml'), 'utf8'));
    writeFileSync(join(copy, 'config.yaml'), edited);

    const objects = kustomize(copy);
    const configMapName = find(objects, 'ConfigMap').metadata.name;
    expect(configMapName).not.toBe(find(built.base, 'ConfigMap').metadata.name);
    for (const { spec } of podSpecs(objects)) {
      expect(spec.volumes.find((volume: { name: string }) => volume.name === 'config').configMap.name).toBe(
        configMapName
      );
    }
    const rendered = vigil(['k8s', 'render', '--config', join(copy, 'config.yaml')]);
    expect(rendered.status).toBe(0);
    expect(byIdentity(parseStream(rendered.stdout))).toEqual(byIdentity(objects));
  });

  it('renders any config and options identically to kustomize over its --out directory', () => {
    const config = join(scratch, 'custom.yaml');
    writeFileSync(
      config,
      [
        'prometheus_url: http://prometheus.monitoring:9090',
        'model_path: /data/vigil',
        'listen_port: 9100',
        'run_interval_seconds: 900',
        'metrics:',
        '  - sum by (job) (rate(http_requests_total{code=~"5.."}[5m])) > 0 & <weird> "quoted"',
        'profiles:',
        '  eu: { prometheus_url: "http://prometheus.eu:9090" }',
        '',
      ].join('\n')
    );
    const options = [
      '--config',
      config,
      '--profile',
      'eu',
      '--namespace',
      'anomalies',
      '--image',
      'example.org/vigil:2.0.0',
      '--shards',
      '3',
      '--schedule',
      '*/15 * * * *',
      '--storage-class',
      'efs-sc',
    ];
    const printed = vigil(['k8s', 'render', ...options]);
    expect(printed.status).toBe(0);
    const objects = parseStream(printed.stdout);
    const out = join(scratch, 'custom');
    expect(vigil(['k8s', 'render', ...options, '--out', out]).status).toBe(0);
    expect(byIdentity(kustomize(out))).toEqual(byIdentity(objects));

    const cronJob = find(objects, 'CronJob');
    const job = cronJob.spec.jobTemplate.spec;
    expect(cronJob.metadata.namespace).toBe('anomalies');
    expect(cronJob.spec.schedule).toBe('*/15 * * * *');
    expect([job.completions, job.parallelism]).toEqual([3, 3]);
    const container = job.template.spec.containers[0];
    expect(container.image).toBe('example.org/vigil:2.0.0');
    expect(container.args).toEqual([
      'detect',
      '--config',
      '/etc/vigil/config.yaml',
      '--profile',
      'eu',
      '--shard-index',
      '$(JOB_COMPLETION_INDEX)',
      '--shard-count',
      '3',
    ]);
    expect(container.volumeMounts.find((mount: { name: string }) => mount.name === 'state').mountPath).toBe(
      '/data/vigil'
    );
    expect(find(objects, 'Deployment').spec.template.spec.containers[0].ports[0].containerPort).toBe(9100);
    expect(find(objects, 'Service').spec.ports[0].port).toBe(9100);
    const detectState = objects.find(
      (object) => object.kind === 'PersistentVolumeClaim' && object.metadata.name === 'vigil-state'
    )!;
    expect(detectState.spec).toMatchObject({ accessModes: ['ReadWriteMany'], storageClassName: 'efs-sc' });
    expect(() => new PersistentVolumeClaim(detectState as any).validate()).not.toThrow();
  });

  it('refuses bad input with a message naming what is wrong, exit 2 and no stack trace', () => {
    const relativeState = join(scratch, 'relative.yaml');
    writeFileSync(relativeState, 'prometheus_url: http://p:9090\nmodel_path: ./state\nmetrics: [up]\n');
    const withToken = join(scratch, 'with-token.yaml');
    writeFileSync(
      withToken,
      'prometheus_url: http://p:9090\nmodel_path: /var/lib/vigil\nauth: { bearer_token: T0KEN }\nmetrics: [up]\n'
    );
    const cases: Array<[string[], RegExp]> = [
      [['--config', join(scratch, 'missing.yaml')], /missing\.yaml.*file not found/],
      [['--config', relativeState], /model_path: must be an absolute path/],
      [
        ['--config', withToken],
        /would put secrets into the ConfigMap: auth\.bearer_token \(use PROMETHEUS_BEARER_TOKEN\); set them as keys of the vigil-secrets Secret/,
      ],
      [['--config', 'deploy/k8s/base/config.yaml', '--shards', '0'], /--shards must be a whole number/],
      [['--config', 'deploy/k8s/base/config.yaml', '--namespace', 'Bad_NS'], /--namespace must be a DNS label/],
      [['--config', 'deploy/k8s/base/config.yaml', '--profile', 'nope'], /profile 'nope' is not defined/],
      [['--config', 'deploy/k8s/base/config.yaml', '--schedule', 'often'], /--schedule must be a cron expression/],
      [
        ['--config', 'deploy/k8s/base/config.yaml', '--schedule', '0 * * * *'],
        /--schedule "0 \* \* \* \*" runs every 3600 s but run_interval_seconds is 300 \(deploy\/k8s\/base\/config\.yaml\): set run_interval_seconds: 3600 in the config and raise node-cpu-busy's scoring window to 62m, .*, or --schedule "\*\/5 \* \* \* \*"/,
      ],
      [['--config', 'deploy/k8s/base/config.yaml', '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const result = vigil(['k8s', 'render', ...args]);
      expect({ args, status: result.status }).toEqual({ args, status: 2 });
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stdout).toBe('');
    }
    expect(vigil(['k8s', 'apply']).stderr).toMatch(/unknown subcommand 'apply'/);
  });
});

describe('optional ServiceMonitor component', () => {
  it('adds a ServiceMonitor that selects the serve Service and its port', () => {
    const overlay = join(scratch, 'with-servicemonitor');
    execFileSync('mkdir', ['-p', overlay]);
    writeFileSync(
      join(overlay, 'kustomization.yaml'),
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'namespace: vigil-monitored',
        'resources:',
        `  - ${relative(overlay, join(K8S, 'overlays/prod'))}`,
        'components:',
        `  - ${relative(overlay, join(K8S, 'components/servicemonitor'))}`,
        '',
      ].join('\n')
    );
    const objects = kustomize(overlay);
    const monitor = find(objects, 'ServiceMonitor');
    const service = find(objects, 'Service');
    expect(monitor.metadata.namespace).toBe('vigil-monitored');
    expect(service.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
    expect(service.spec.ports.map((port: { name: string }) => port.name)).toContain(monitor.spec.endpoints[0].port);
  });
});

describe('optional remediate component', () => {
  it('adds the receiver with its own ServiceAccount, a Role bound to it, and a config vigil accepts', () => {
    const overlay = join(scratch, 'with-remediate');
    execFileSync('mkdir', ['-p', overlay]);
    writeFileSync(
      join(overlay, 'kustomization.yaml'),
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'resources:',
        `  - ${relative(overlay, BASE)}`,
        'components:',
        `  - ${relative(overlay, join(K8S, 'components/remediate'))}`,
        '',
      ].join('\n')
    );
    const objects = kustomize(overlay).filter(
      (object) => object.metadata.labels?.['app.kubernetes.io/component'] === 'remediate'
    );
    const models: Record<string, new (data: any) => { validate(): void }> = {
      ...MODELS,
      'rbac.authorization.k8s.io/v1/Role': Role,
      'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
    };
    expect(objects.map((object) => object.kind).sort()).toEqual([
      'ConfigMap',
      'Deployment',
      'PersistentVolumeClaim',
      'Role',
      'RoleBinding',
      'Service',
      'ServiceAccount',
    ]);
    for (const object of objects) {
      new models[`${object.apiVersion}/${object.kind}`](object).validate();
    }
    const deployment = find(objects, 'Deployment');
    const pod = deployment.spec.template.spec;
    expect(pod.serviceAccountName).toBe(find(objects, 'ServiceAccount').metadata.name);
    expect(find(objects, 'RoleBinding').subjects[0].name).toBe(pod.serviceAccountName);
    expect(find(objects, 'RoleBinding').roleRef.name).toBe(find(objects, 'Role').metadata.name);
    expect(pod.containers[0].args.slice(0, 1)).toEqual(['remediate']);
    const configMap = find(objects, 'ConfigMap');
    expect(pod.volumes.find((volume: { name: string }) => volume.name === 'config').configMap.name).toBe(
      configMap.metadata.name
    );
    const configFile = join(overlay, 'remediate-config.yaml');
    writeFileSync(configFile, configMap.data['config.yaml']);
    const test = spawnSync(
      process.execPath,
      [CLI, 'remediate', 'test', '--config', configFile, '--alert', join(overlay, 'alert.json')],
      {
        encoding: 'utf8',
        input: '',
        env: { PATH: process.env.PATH ?? '' },
        cwd: overlay,
      }
    );
    expect(test.status).toBe(2);
    expect(test.stderr.trim()).toMatch(/^vigil: remediate test: cannot read .*alert\.json: file not found$/);
    writeFileSync(
      join(overlay, 'alert.json'),
      JSON.stringify({ labels: { vigil_detector: 'api-latency', severity: 'critical', service: 'checkout' } })
    );
    const accepted = spawnSync(
      process.execPath,
      [CLI, 'remediate', 'test', '--config', configFile, '--alert', join(overlay, 'alert.json')],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '' },
        cwd: overlay,
      }
    );
    expect(accepted.status).toBe(0);
    expect(accepted.stdout).toContain('would run rollout restart of Deployment/vigil/checkout');
  });
});

describe('the Grafana + CronJob workflow', () => {
  it('takes a detector exported from the app into config.yaml unchanged, and deploys it', () => {
    // What the app's detector editor holds and exports ("Export YAML (CLI config)").
    const designed = parseDetectorSpec({
      id: 'checkout-latency',
      name: 'Checkout p99 latency',
      query:
        'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="checkout"}[5m])))',
      step: '1m',
      trainingWindow: '7d',
      scoringWindow: '15m',
      sensitivity: 0.65,
      seasonality: 'weekly',
      alert: { severity: 'critical', labels: { team: 'payments' } },
    });
    const exported = parse(detectorsConfigYaml([designed])).detectors;

    // The user pastes it under `detectors:` of the deployed config.yaml and applies the overlay.
    const copy = join(scratch, 'workflow');
    cpSync(K8S, copy, { recursive: true });
    const configFile = join(copy, 'base/config.yaml');
    const document = parseDocument(readFileSync(configFile, 'utf8'));
    (document.get('detectors') as YAMLSeq).add(document.createNode(exported[0]));
    writeFileSync(configFile, document.toString({ lineWidth: 0 }));

    const check = vigil(['config', 'check', '--config', configFile, '--profile', 'prod']);
    expect(check.status).toBe(0);
    const loaded = parse(check.stdout).detectors.find((detector: { id: string }) => detector.id === designed.id);
    expect(loaded).toEqual(designed);

    const objects = kustomize(join(copy, 'overlays/prod'));
    const deployed = parse(find(objects, 'ConfigMap').data['config.yaml']).detectors;
    expect(deployed.map((detector: { id: string }) => detector.id)).toContain(designed.id);
    expect(find(objects, 'ConfigMap').metadata.name).not.toBe(find(built.prod, 'ConfigMap').metadata.name);
  });
});
