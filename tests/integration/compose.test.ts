import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

import { DIST_DIR } from '../../.config/bundler/constants';
import { generateServerMetrics } from '../../src/engine/synthetic/serverMetrics';
import { BINARIES, requireBinary, seriesToOpenMetrics } from '../stack';

const REPO = path.resolve(__dirname, '../..');
const AMTOOL = { path: '/usr/bin/amtool', debianPackage: 'prometheus-alertmanager' };

// Writing a week of demo history through tsx takes seconds on a busy machine.
jest.setTimeout(60_000);

interface ComposeService {
  extends?: { file: string; service: string };
  build?: { context: string; dockerfile?: string };
  volumes?: Array<string | { type?: string; source?: string; target: string }>;
  environment?: Record<string, string>;
  depends_on?: string[] | Record<string, { condition: string }>;
  command?: string[];
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

interface Datasource {
  name: string;
  uid?: string;
  type: string;
  url?: string;
  jsonData?: Record<string, unknown>;
}

interface Mount {
  /** Absolute host path for a bind mount, the volume's name for a named volume. */
  source: string;
  target: string;
  bind: boolean;
}

const readYaml = <T>(file: string): T => parse(fs.readFileSync(file, 'utf8')) as T;
const repoPath = (relative: string) => path.join(REPO, relative);

/** Written by `npm run build`, so absent from a fresh clone until then. */
const BUILD_OUTPUT = repoPath(DIST_DIR);

/** Each service with the compose file it is defined in, following `extends` the way compose merges it. */
function servicesWithSources(file: string): Array<{ name: string; service: ComposeService; file: string }> {
  const compose = readYaml<ComposeFile>(file);
  return Object.entries(compose.services).flatMap(([name, service]) => {
    const own = { name, service, file };
    if (service.extends === undefined) {
      return [own];
    }
    const baseFile = path.resolve(path.dirname(file), service.extends.file);
    const base = servicesWithSources(baseFile).find((candidate) => candidate.name === service.extends!.service);
    if (base === undefined) {
      throw new Error(`${file}: service ${name} extends ${service.extends.service}, which ${baseFile} does not define`);
    }
    return [own, base];
  });
}

/** Bind mounts resolved against the directory of the compose file that declares them. */
function mountsOf(service: ComposeService, file: string): Mount[] {
  return (service.volumes ?? []).map((volume) => {
    const [source, target] = typeof volume === 'string' ? volume.split(':') : [volume.source ?? '', volume.target];
    const bind = source.startsWith('.') || source.startsWith('/');
    return { source: bind ? path.resolve(path.dirname(file), source) : source, target, bind };
  });
}

const composeFile = repoPath('docker-compose.yaml');
const compose = readYaml<ComposeFile>(composeFile);
const services = servicesWithSources(composeFile);
const serviceNames = new Set(Object.keys(compose.services));
const mountsOfService = (name: string) =>
  services.filter((entry) => entry.name === name).flatMap(({ service, file }) => mountsOf(service, file));
const serviceNamed = (name: string) => compose.services[name];

const datasources = readYaml<{ datasources: Datasource[] }>(
  repoPath('provisioning/datasources/default.yaml')
).datasources;
const apps = readYaml<{ apps: Array<{ type: string; disabled?: boolean; jsonData?: Record<string, unknown> }> }>(
  repoPath('provisioning/plugins/app.yaml')
).apps;
const dashboardProviders = readYaml<{ providers: Array<{ name: string; options: { path: string } }> }>(
  repoPath('provisioning/dashboards/vigil.yaml')
).providers;
const pluginId = readYaml<{ id: string }>(repoPath('src/plugin.json')).id;
const panelId = readYaml<{ id: string }>(repoPath('src/panels/anomaly/plugin.json')).id;

/** The host path behind a path inside the Grafana container, through its bind mounts. */
function grafanaHostPath(containerPath: string): string | undefined {
  const mount = mountsOfService('grafana')
    .filter((m) => m.bind && (containerPath === m.target || containerPath.startsWith(`${m.target}/`)))
    .sort((a, b) => b.target.length - a.target.length)[0];
  return mount && path.join(mount.source, path.relative(mount.target, containerPath));
}

function provisionedDashboards(): Array<{ file: string; json: unknown }> {
  return dashboardProviders.flatMap((provider) => {
    const dir = grafanaHostPath(provider.options.path);
    if (dir === undefined) {
      throw new Error(`dashboard provider ${provider.name}: ${provider.options.path} is not mounted into Grafana`);
    }
    return fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => ({ file: path.join(dir, name), json: JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) }));
  });
}

/** Every `datasource: { uid }` in a dashboard's JSON, panels and targets alike. */
function datasourceUidsIn(json: unknown): string[] {
  if (Array.isArray(json)) {
    return json.flatMap(datasourceUidsIn);
  }
  if (json === null || typeof json !== 'object') {
    return [];
  }
  return Object.entries(json).flatMap(([key, value]) => {
    const uid = (value as { uid?: unknown } | null)?.uid;
    const own = key === 'datasource' && typeof uid === 'string' && !uid.startsWith('$') ? [uid] : [];
    return [...own, ...datasourceUidsIn(value)];
  });
}

/** The datasource uids the app's code, its provisioning and its provisioned dashboards name. */
function uidsTheAppReferences(): Array<{ uid: string; where: string }> {
  const fromProvisioning = apps.flatMap((app) =>
    Object.entries(app.jsonData ?? {})
      .filter(([key]) => key.endsWith('Uid'))
      .map(([key, uid]) => ({ uid: String(uid), where: `provisioning/plugins/app.yaml jsonData.${key}` }))
  );
  const constants = fs.readFileSync(repoPath('src/constants.ts'), 'utf8');
  const fromCode = [...constants.matchAll(/(\w*UID\w*\s*=|uid:)\s*'([^']+)'/g)].map((match) => ({
    uid: match[2],
    where: `src/constants.ts ${match[1].replace(/\s*=$/, '')}`,
  }));
  const fromDashboards = provisionedDashboards().flatMap(({ file, json }) =>
    datasourceUidsIn(json).map((uid) => ({ uid, where: path.relative(REPO, file) }))
  );
  return [...fromProvisioning, ...fromCode, ...fromDashboards];
}

describe('docker-compose.yaml and Grafana provisioning', () => {
  it('mounts and builds only paths that exist, and named volumes that are declared', () => {
    const problems = services.flatMap(({ name, service, file }) => {
      const mounts = mountsOf(service, file);
      const paths = mounts.filter((m) => m.bind).map((m) => m.source);
      if (service.build !== undefined) {
        const context = path.resolve(path.dirname(file), service.build.context);
        paths.push(context, path.join(context, service.build.dockerfile ?? 'Dockerfile'));
      }
      const undeclared = mounts.filter((m) => !m.bind && !(m.source in (compose.volumes ?? {})));
      return [
        ...paths.filter((p) => p !== BUILD_OUTPUT && !fs.existsSync(p)).map((p) => `${name}: missing ${p}`),
        ...undeclared.map((m) => `${name}: volume ${m.source} is not declared`),
      ];
    });
    expect(problems).toEqual([]);
  });

  it('runs Grafana with dist/ as the plugin and provisioning/ as its provisioning, the plugin allowed unsigned', () => {
    const mounts = mountsOfService('grafana').map((m) => `${m.source}:${m.target}`);
    expect(mounts).toEqual(
      expect.arrayContaining([
        `${BUILD_OUTPUT}:/var/lib/grafana/plugins/${pluginId}`,
        `${repoPath('provisioning')}:/etc/grafana/provisioning`,
      ])
    );
    const grafana = serviceNamed('grafana');
    expect(grafana.environment?.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS?.split(',')).toEqual(
      expect.arrayContaining([pluginId, panelId])
    );
    expect(grafana.depends_on).toEqual(expect.arrayContaining(['prometheus', 'alertmanager']));
  });

  it('gives Prometheus a valid config that scrapes node-exporter and the Pushgateway of this compose file', () => {
    const configFile = mountsOfService('prometheus').find((m) => m.target === '/etc/prometheus/prometheus.yml')!.source;
    const promtool = requireBinary(BINARIES.promtool);
    expect(execFileSync(promtool, ['check', 'config', configFile], { encoding: 'utf8' })).toContain('SUCCESS');

    const config = readYaml<{
      scrape_configs: Array<{ job_name: string; honor_labels?: boolean; static_configs: Array<{ targets: string[] }> }>;
      alerting: { alertmanagers: Array<{ static_configs: Array<{ targets: string[] }> }> };
    }>(configFile);
    const targetsOf = (job: string) =>
      config.scrape_configs.find((scrape) => scrape.job_name === job)?.static_configs.flatMap((s) => s.targets) ?? [];
    expect(targetsOf('node')).toEqual(['node-exporter:9100']);
    expect(targetsOf('pushgateway')).toEqual(['pushgateway:9091']);
    expect(config.scrape_configs.find((scrape) => scrape.job_name === 'pushgateway')?.honor_labels).toBe(true);
    const hosts = [
      ...config.scrape_configs.flatMap((scrape) => scrape.static_configs.flatMap((s) => s.targets)),
      ...config.alerting.alertmanagers.flatMap((am) => am.static_configs.flatMap((s) => s.targets)),
    ].map((target) => target.split(':')[0]);
    expect(hosts.filter((host) => !serviceNames.has(host))).toEqual([]);
  });

  it('gives Alertmanager a valid config', () => {
    const configFile = mountsOfService('alertmanager').find((m) => m.target.endsWith('alertmanager.yml'))!.source;
    const amtool = requireBinary(AMTOOL);
    expect(execFileSync(amtool, ['check-config', configFile], { encoding: 'utf8' })).toContain('SUCCESS');
  });

  it('backfills Prometheus with the demo history before it starts, written by the script the compose file runs', () => {
    const writer = serviceNamed('demo-history');
    const script = writer.command?.join(' ').match(/tests\/stack\/\S+\.ts/)?.[0];
    expect(script).toBe('tests/stack/writeDemoHistory.ts');
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-compose-')), 'demo.om');
    try {
      execFileSync(process.execPath, ['--import', 'tsx', script!, out], { cwd: REPO, stdio: 'pipe' });
      expect(fs.readFileSync(out, 'utf8')).toBe(seriesToOpenMetrics(generateServerMetrics()));
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
    const backfill = serviceNamed('prometheus-backfill');
    expect(backfill.command?.join(' ')).toContain('promtool tsdb create-blocks-from openmetrics');
    expect(backfill.depends_on).toEqual({ 'demo-history': { condition: 'service_completed_successfully' } });
    expect(serviceNamed('prometheus').depends_on).toMatchObject({
      'prometheus-backfill': { condition: 'service_completed_successfully' },
    });
    const dataVolume = (name: string) =>
      mountsOf(serviceNamed(name), composeFile).find((m) => m.target === '/prometheus');
    expect(dataVolume('prometheus-backfill')).toEqual(dataVolume('prometheus'));
  });

  it('provisions the Prometheus and Alertmanager datasources with the agreed uids, pointing at compose services', () => {
    expect(datasources.find((ds) => ds.uid === 'prometheus')).toMatchObject({ name: 'Prometheus', type: 'prometheus' });
    expect(datasources.find((ds) => ds.uid === 'alertmanager')).toMatchObject({
      name: 'Alertmanager',
      type: 'alertmanager',
      jsonData: { implementation: 'prometheus', handleGrafanaManagedAlerts: false },
    });
    const unknownHosts = datasources
      .filter((ds) => ds.url !== undefined)
      .map((ds) => new URL(ds.url!).hostname)
      .filter((host) => !serviceNames.has(host));
    expect(unknownHosts).toEqual([]);
  });

  it('provisions the demo dashboard from a folder mounted into Grafana', () => {
    const uids = provisionedDashboards().map(({ json }) => (json as { uid?: string }).uid);
    expect(uids).toContain('vigil-demo');
  });

  it('enables the app, and provisions every datasource uid the app and its dashboards reference', () => {
    expect(apps).toEqual([expect.objectContaining({ type: pluginId, disabled: false })]);
    const referenced = uidsTheAppReferences();
    expect(referenced.map((ref) => ref.uid)).toEqual(expect.arrayContaining(['prometheus', 'alertmanager']));
    const provisioned = new Set(datasources.map((ds) => ds.uid));
    expect(referenced.filter((ref) => !provisioned.has(ref.uid))).toEqual([]);
  });
});
