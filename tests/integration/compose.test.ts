import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

import { DIST_DIR } from '../../.config/bundler/constants';
import { BINARIES, requireBinary } from '../stack';

const REPO = path.resolve(__dirname, '../..');
const AMTOOL = { path: '/usr/bin/amtool', debianPackage: 'prometheus-alertmanager' };

interface ComposeService {
  extends?: { file: string; service: string };
  build?: { context: string; dockerfile?: string };
  volumes?: Array<string | { type?: string; source?: string; target: string }>;
  environment?: Record<string, string>;
  depends_on?: string[];
}

interface ComposeFile {
  services: Record<string, ComposeService>;
}

interface Datasource {
  name: string;
  uid?: string;
  type: string;
  url?: string;
  jsonData?: Record<string, unknown>;
}

function readYaml<T>(file: string): T {
  return parse(fs.readFileSync(file, 'utf8')) as T;
}

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

/** Host paths of bind mounts, resolved against the directory of the compose file that declares them. */
function hostPaths(service: ComposeService, file: string): string[] {
  const sources = (service.volumes ?? []).flatMap((volume) => {
    if (typeof volume === 'string') {
      const source = volume.split(':')[0];
      return source.startsWith('.') || source.startsWith('/') ? [source] : [];
    }
    return volume.type === 'bind' && volume.source !== undefined ? [volume.source] : [];
  });
  return sources.map((source) => path.resolve(path.dirname(file), source));
}

const composeFile = repoPath('docker-compose.yaml');
const services = servicesWithSources(composeFile);
const serviceNames = new Set(Object.keys(readYaml<ComposeFile>(composeFile).services));
const datasources = readYaml<{ datasources: Datasource[] }>(
  repoPath('provisioning/datasources/default.yaml')
).datasources;
const apps = readYaml<{ apps: Array<{ type: string; disabled?: boolean; jsonData?: Record<string, unknown> }> }>(
  repoPath('provisioning/plugins/app.yaml')
).apps;
const pluginId = readYaml<{ id: string }>(repoPath('src/plugin.json')).id;
const panelId = readYaml<{ id: string }>(repoPath('src/panels/anomaly/plugin.json')).id;

/** The datasource uids the app's code and its provisioning name. */
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
  return [...fromProvisioning, ...fromCode];
}

describe('docker-compose.yaml and Grafana provisioning', () => {
  it('mounts and builds only paths that exist in the repository', () => {
    const missing = services.flatMap(({ name, service, file }) => {
      const paths = hostPaths(service, file);
      if (service.build !== undefined) {
        const context = path.resolve(path.dirname(file), service.build.context);
        paths.push(context, path.join(context, service.build.dockerfile ?? 'Dockerfile'));
      }
      return paths
        .filter((p) => p !== BUILD_OUTPUT && !fs.existsSync(p))
        .map((p) => `${name} (${path.relative(REPO, file)}): ${p}`);
    });
    expect(missing).toEqual([]);
  });

  it('runs Grafana with dist/ as the plugin and provisioning/ as its provisioning, the plugin allowed unsigned', () => {
    const grafana = services.filter((entry) => entry.name === 'grafana');
    const mounts = grafana.flatMap(({ service, file }) =>
      (service.volumes ?? []).flatMap((volume) =>
        typeof volume === 'string'
          ? [`${path.resolve(path.dirname(file), volume.split(':')[0])}:${volume.split(':')[1]}`]
          : []
      )
    );
    expect(mounts).toEqual(
      expect.arrayContaining([
        `${BUILD_OUTPUT}:/var/lib/grafana/plugins/${pluginId}`,
        `${repoPath('provisioning')}:/etc/grafana/provisioning`,
      ])
    );
    const allowed = grafana[0].service.environment?.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS?.split(',');
    expect(allowed).toEqual(expect.arrayContaining([pluginId, panelId]));
    expect(grafana[0].service.depends_on).toEqual(expect.arrayContaining(['prometheus', 'alertmanager']));
  });

  it('gives Prometheus a valid config that scrapes node-exporter and the Pushgateway of this compose file', () => {
    const prometheusMount = hostPaths(services.find((entry) => entry.name === 'prometheus')!.service, composeFile)[0];
    const promtool = requireBinary(BINARIES.promtool);
    expect(execFileSync(promtool, ['check', 'config', prometheusMount], { encoding: 'utf8' })).toContain('SUCCESS');

    const config = readYaml<{
      scrape_configs: Array<{ job_name: string; honor_labels?: boolean; static_configs: Array<{ targets: string[] }> }>;
      alerting: { alertmanagers: Array<{ static_configs: Array<{ targets: string[] }> }> };
    }>(prometheusMount);
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
    const alertmanagerMount = hostPaths(
      services.find((entry) => entry.name === 'alertmanager')!.service,
      composeFile
    )[0];
    const amtool = requireBinary(AMTOOL);
    expect(execFileSync(amtool, ['check-config', alertmanagerMount], { encoding: 'utf8' })).toContain('SUCCESS');
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

  it('enables the app, and provisions every datasource uid the app references', () => {
    expect(apps).toEqual([expect.objectContaining({ type: pluginId, disabled: false })]);
    const referenced = uidsTheAppReferences();
    expect(referenced.map((ref) => ref.uid)).toEqual(expect.arrayContaining(['prometheus', 'alertmanager']));
    const provisioned = new Set(datasources.map((ds) => ds.uid));
    expect(referenced.filter((ref) => !provisioned.has(ref.uid))).toEqual([]);
  });
});
