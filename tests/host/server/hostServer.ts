import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bootScript, INDEX_HTML } from './bootData';
import { loadDashboards } from './dashboards';
import { provisionedDataSources, toApiDataSource } from './datasources';
import { buildHostBundle } from './hostBundle';
import { appNavLinks, appSettingsResponse, readDistPlugins } from './pluginMeta';
import { resolvePluginRoute } from './pluginRoutes';
import { parseSettingsUpdate, PluginSettingsStore } from './pluginSettings';
import { forward } from './proxy';
import { readFont, readIcon, readInside, type StaticFile } from './staticFiles';

const REPO_ROOT = path.resolve(__dirname, '../../..');
/** The Grafana version the plugin builds against; the host reports it as its own. */
const GRAFANA_VERSION = (
  require(path.join(REPO_ROOT, 'node_modules/@grafana/runtime/package.json')) as { version: string }
).version;

export interface HostServerOptions {
  prometheusUrl: string;
  alertmanagerUrl: string;
  /** The built plugin; default dist/ of this repository. */
  distDir?: string;
  /** Default: a free port. */
  port?: number;
  /** Where the app's settings persist; default a file in a new temp directory. */
  settingsFile?: string;
  dashboardsDir?: string;
  log?: (message: string) => void;
}

export interface HostServer {
  url: string;
  port: number;
  bundleBuildMs: number;
  bundleCached: boolean;
  settingsFile: string;
  /** API and public paths that the host does not implement and that something requested (also logged). */
  unhandledRequests: string[];
  stop(): Promise<void>;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}

function sendFile(response: ServerResponse, file: StaticFile | undefined, cacheable: boolean): boolean {
  if (!file) {
    return false;
  }
  response.writeHead(200, {
    'Content-Type': file.contentType,
    'Cache-Control': cacheable ? 'max-age=3600' : 'no-cache',
  });
  response.end(file.contents);
  return true;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Starts the stand-in for Grafana's HTTP server on 127.0.0.1 (see docs/browser-rig.md for what it is and is not). */
export async function startHostServer(options: HostServerOptions): Promise<HostServer> {
  const distDir = path.resolve(options.distDir ?? path.join(REPO_ROOT, 'dist'));
  if (!existsSync(path.join(distDir, 'module.js')) || !existsSync(path.join(distDir, 'plugin.json'))) {
    throw new Error(`The built plugin is missing (${distDir}/module.js): run npm run build first`);
  }
  const log = options.log ?? ((message: string) => console.error(message));
  const plugins = await readDistPlugins(distDir);
  const app = plugins.find((plugin) => plugin.folder === '' && plugin.json.type === 'app');
  if (!app) {
    throw new Error(`${distDir}/plugin.json is not an app plugin`);
  }
  const appId = app.json.id;
  const panels = plugins.filter((plugin) => plugin.json.type === 'panel');
  const dataSources = provisionedDataSources(options.prometheusUrl, options.alertmanagerUrl);
  const dashboards = await loadDashboards(options.dashboardsDir ?? path.join(REPO_ROOT, 'tests/host/dashboards'));
  const settingsFile =
    options.settingsFile ?? path.join(await mkdtemp(path.join(tmpdir(), 'vigil-host-')), 'plugin-settings.json');
  const settings = new PluginSettingsStore(settingsFile);
  const bundle = await buildHostBundle();
  const unhandledRequests: string[] = [];
  let boot = '';

  function unhandled(request: IncomingMessage, response: ServerResponse, pathname: string): void {
    const line = `${request.method} ${pathname}`;
    unhandledRequests.push(line);
    log(`[vigil-host] 404 NOT IMPLEMENTED BY THE STAND-IN HOST: ${line}`);
    sendJson(response, 404, { message: `Not found: the stand-in host does not implement ${line}` });
  }

  async function handleApi(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    segments: string[]
  ): Promise<void> {
    const method = request.method ?? 'GET';
    const route = segments.slice(1).join('/');
    if (route === 'health' && method === 'GET') {
      return sendJson(response, 200, { database: 'ok', version: GRAFANA_VERSION, commit: 'vigil-stand-in-host' });
    }
    if (route === `plugins/${appId}/settings`) {
      if (method === 'GET') {
        return sendJson(response, 200, appSettingsResponse(app!, await settings.read()));
      }
      if (method === 'POST') {
        let update;
        try {
          update = parseSettingsUpdate(JSON.parse((await readBody(request)).toString('utf8') || '{}'));
        } catch (error) {
          return sendJson(response, 400, { message: (error as Error).message });
        }
        await settings.update(update);
        return sendJson(response, 200, { message: 'Plugin settings updated' });
      }
    }
    if (segments[1] === 'plugin-proxy' && segments[2] === appId) {
      const resolved = resolvePluginRoute(app!.json, await settings.read(), segments.slice(3).join('/'), url.search);
      if (!resolved) {
        return sendJson(response, 404, { message: `No plugin route of ${appId} for ${url.pathname}` });
      }
      return forward(request, await readBody(request), response, resolved.target, resolved.headers);
    }
    if (route === 'datasources' && method === 'GET') {
      return sendJson(response, 200, dataSources.map(toApiDataSource));
    }
    if (segments[1] === 'datasources' && segments[2] === 'uid' && segments.length === 4 && method === 'GET') {
      const ds = dataSources.find((candidate) => candidate.uid === segments[3]);
      return ds
        ? sendJson(response, 200, toApiDataSource(ds))
        : sendJson(response, 404, { message: 'Data source not found' });
    }
    if (segments[1] === 'datasources' && segments[2] === 'proxy' && segments[3] === 'uid' && segments.length >= 5) {
      const ds = dataSources.find((candidate) => candidate.uid === segments[4]);
      if (!ds) {
        return sendJson(response, 404, { message: 'Data source not found' });
      }
      const rest = segments.slice(5).map(encodeURIComponent).join('/');
      return forward(request, await readBody(request), response, `${ds.url}/${rest}${url.search}`);
    }
    if (segments[1] === 'alertmanager' && segments.length >= 5 && segments[3] === 'api' && segments[4] === 'v2') {
      const ds = dataSources.find((candidate) => candidate.uid === segments[2] && candidate.type === 'alertmanager');
      if (!ds) {
        return sendJson(response, 404, { message: `Alertmanager datasource ${segments[2]} not found` });
      }
      const rest = segments.slice(3).map(encodeURIComponent).join('/');
      return forward(request, await readBody(request), response, `${ds.url}/${rest}${url.search}`);
    }
    if (segments[1] === 'dashboards' && segments[2] === 'uid' && segments.length === 4 && method === 'GET') {
      const dashboard = dashboards.get(segments[3]);
      return dashboard
        ? sendJson(response, 200, {
            dashboard,
            meta: { slug: segments[3], url: `/d/${segments[3]}`, canEdit: false, canSave: false, provisioned: true },
          })
        : sendJson(response, 404, { message: 'Dashboard not found' });
    }
    if (route === 'search' && method === 'GET') {
      return sendJson(
        response,
        200,
        [...dashboards.values()].map((dashboard) => ({
          uid: dashboard.uid,
          title: dashboard.title,
          type: 'dash-db',
          url: `/d/${dashboard.uid}`,
          tags: [],
        }))
      );
    }
    unhandled(request, response, url.pathname);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://host');
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (segments[0] === 'api') {
      return handleApi(request, response, url, segments);
    }
    if (url.pathname === '/__host/unhandled') {
      return sendJson(response, 200, unhandledRequests);
    }
    if (url.pathname === '/host/boot.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' });
      return void response.end(boot);
    }
    const bundled = bundle.files.get(url.pathname);
    if (bundled) {
      response.writeHead(200, { 'Content-Type': bundled.contentType, 'Cache-Control': 'no-cache' });
      return void response.end(bundled.contents);
    }
    const pluginPrefix = `/public/plugins/${appId}/`;
    if (
      url.pathname.startsWith(pluginPrefix) &&
      sendFile(response, await readInside(distDir, url.pathname.slice(pluginPrefix.length)), false)
    ) {
      return;
    }
    const iconPrefix = '/public/build/img/icons/';
    if (
      url.pathname.startsWith(iconPrefix) &&
      sendFile(response, await readIcon(url.pathname.slice(iconPrefix.length)), true)
    ) {
      return;
    }
    if (
      url.pathname.startsWith('/public/fonts/') &&
      sendFile(response, await readFont(url.pathname.slice('/public/fonts/'.length)), true)
    ) {
      return;
    }
    if (segments[0] === 'public' || segments[0] === 'host') {
      return unhandled(request, response, url.pathname);
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
    response.end(INDEX_HTML);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`[vigil-host] 500 ${request.method} ${request.url}: ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent) {
        sendJson(response, 500, { message: (error as Error).message });
      } else {
        response.end();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  boot = bootScript({
    appUrl: `${url}/`,
    grafanaVersion: GRAFANA_VERSION,
    app,
    panels,
    dataSources,
    host: {
      appId,
      appName: app.json.name,
      navLinks: appNavLinks(app),
      dashboards: [...dashboards.values()].map((dashboard) => ({ uid: dashboard.uid, title: dashboard.title })),
    },
  });
  return {
    url,
    port,
    bundleBuildMs: bundle.buildMs,
    bundleCached: bundle.cached,
    settingsFile,
    unhandledRequests,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
