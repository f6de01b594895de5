import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_ID } from './pages/AppPage';
import { isStandInHost, RIG_ENV, targetBaseUrl } from './rigEnv';

/** The stand-in host's HTTP side against what docs/browser-rig.md promises; Grafana itself is not under test. */
test.describe('stand-in host server', () => {
  test.skip(!isStandInHost(), 'checks the stand-in host, not Grafana');
  const base = () => targetBaseUrl();

  test('serves dist/ byte for byte, ignoring the ?_cache= version', async () => {
    for (const file of ['module.js', 'panels/anomaly/module.js', 'plugin.json']) {
      const response = await fetch(`${base()}/public/plugins/${APP_ID}/${file}?_cache=1.2.3`);
      expect(response.status).toBe(200);
      const served = Buffer.from(await response.arrayBuffer());
      expect(served.equals(await readFile(path.resolve(__dirname, '../../dist', file))), file).toBe(true);
    }
  });

  test('forwards the datasource proxy to the real Prometheus unchanged', async () => {
    const query = new URLSearchParams({
      query: 'demo_http_requests_per_second',
      start: '1768089600',
      end: '1768176000',
      step: '3600',
    });
    const proxied = await fetch(`${base()}/api/datasources/proxy/uid/prometheus/api/v1/query_range?${query}`);
    const direct = await fetch(`${process.env[RIG_ENV.prometheusUrl]}/api/v1/query_range?${query}`);
    expect(proxied.status).toBe(200);
    const body = (await proxied.json()) as { data: { result: unknown[] } };
    expect(body.data.result.length).toBeGreaterThan(0);
    expect(body).toEqual(await direct.json());
  });

  test('forwards Alertmanager API v2 by datasource uid, and only for Alertmanager datasources', async () => {
    const status = await fetch(`${base()}/api/alertmanager/alertmanager/api/v2/status`);
    expect(status.status).toBe(200);
    expect(((await status.json()) as { versionInfo: { version: string } }).versionInfo.version).toMatch(/^\d+\.\d+/);
    expect((await fetch(`${base()}/api/alertmanager/prometheus/api/v2/status`)).status).toBe(404);
  });

  test('lists the provisioned datasources with the shared uids', async () => {
    const list = (await (await fetch(`${base()}/api/datasources`)).json()) as Array<{
      uid: string;
      type: string;
      jsonData: Record<string, unknown>;
    }>;
    expect(list.map(({ uid, type }) => ({ uid, type }))).toEqual([
      { uid: 'prometheus', type: 'prometheus' },
      { uid: 'alertmanager', type: 'alertmanager' },
    ]);
    expect(list[1].jsonData.implementation).toBe('prometheus');
    expect((await fetch(`${base()}/api/datasources/uid/nope`)).status).toBe(404);
  });

  test('keeps app settings, returns secure fields only by name, and rejects a malformed update', async () => {
    const url = `${base()}/api/plugins/${APP_ID}/settings`;
    const original = (await (await fetch(url)).json()) as {
      enabled: boolean;
      pinned: boolean;
      jsonData: Record<string, unknown>;
    };
    const post = (body: unknown) =>
      fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    try {
      const saved = await post({
        enabled: true,
        pinned: true,
        jsonData: { ...original.jsonData, rigCheck: 42 },
        secureJsonData: { token: 'secret' },
      });
      expect(saved.status).toBe(200);
      const text = await (await fetch(url)).text();
      expect(text).not.toContain('secret');
      const meta = JSON.parse(text) as {
        jsonData: Record<string, unknown>;
        secureJsonFields: Record<string, boolean>;
        module: string;
      };
      expect(meta.jsonData.rigCheck).toBe(42);
      expect(meta.secureJsonFields.token).toBe(true);
      expect(meta.module).toBe(`public/plugins/${APP_ID}/module.js`);

      const rejected = await post({ enabled: 'yes' });
      expect(rejected.status).toBe(400);
      expect(((await rejected.json()) as { message: string }).message).toContain('enabled');
    } finally {
      await post({
        enabled: original.enabled,
        pinned: original.pinned,
        jsonData: original.jsonData,
        secureJsonData: { token: '' },
      });
    }
  });
});
