import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { DEMO_END_MS } from '../../src/engine/synthetic/serverMetrics';
import { stackUrls } from '../stack';
import { freeLoopbackPort, LOOPBACK } from '../stack/freePort';
import { buildCli } from './deployCliBuild';
import { type CliResult, runVigil } from './runVigil';

const MINUTE = 60_000;
const HEADER_SECRET = 'header-secret-4f9a';

interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: OtlpRequest;
}

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string };
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpAttribute[];
  status: { code: number; message?: string };
}

interface OtlpRequest {
  resourceSpans: Array<{ resource: { attributes: OtlpAttribute[] }; scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
}

let workDir: string;
let cli: string;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
const detectorIds = { ok: `tracing-ok-${process.pid}`, bad: `tracing-bad-${process.pid}` };

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'vigil-cli-tracing-'));
  cli = buildCli(join(workDir, 'build'));
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url?.startsWith('/hang/')) {
        return;
      }
      if (request.url?.startsWith('/refuse/')) {
        response.writeHead(503).end('overloaded');
        return;
      }
      received.push({
        url: request.url ?? '',
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpRequest,
      });
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((listening) => receiver.listen(0, LOOPBACK, listening));
  receiverUrl = `http://${LOOPBACK}:${(receiver.address() as AddressInfo).port}`;
}, 180_000);

afterAll(async () => {
  receiver?.closeAllConnections();
  await new Promise((closed) => receiver?.close(closed));
  const { pushgateway } = stackUrls();
  await Promise.all(
    Object.values(detectorIds).map((id) =>
      fetch(`${pushgateway}/metrics/job/vigil/vigil_detector/${id}/shard/0`, { method: 'DELETE' })
    )
  );
  rmSync(workDir, { recursive: true, force: true });
});

/** The shared Prometheus holds the demo history ending at DEMO_END_MS: `offset` moves it to now. */
function demoQueryNow(): string {
  const offsetSeconds = Math.floor((Date.now() - DEMO_END_MS) / MINUTE) * 60;
  return `{job="vigil-demo", scenario="spike"} offset ${offsetSeconds}s`;
}

function writeConfig(name: string, withBadDetector: boolean): string {
  const dir = join(workDir, name);
  const detectors = [
    {
      id: detectorIds.ok,
      name: 'Traced',
      query: demoQueryNow(),
      step: '5m',
      trainingWindow: '1d',
      scoringWindow: '1h',
    },
    ...(withBadDetector
      ? [{ id: detectorIds.bad, name: 'Broken', query: 'rate(demo_cpu_utilisation[5m]', step: '5m' }]
      : []),
  ];
  const { prometheus, pushgateway } = stackUrls();
  const file = join(workDir, `${name}.yaml`);
  writeFileSync(
    file,
    stringify({
      prometheus_url: prometheus,
      pushgateway_url: pushgateway,
      model_path: join(dir, 'state'),
      run_interval_seconds: 1800,
      detectors,
    })
  );
  return file;
}

/** The built CLI with `env` and the PATH only (no variable of the test run's reaches it). */
const vigil = (args: string[], env: Record<string, string>) =>
  runVigil(cli, args, { env: { PATH: process.env.PATH ?? '', ...env } });

function attribute(span: OtlpSpan, key: string): string | undefined {
  const found = span.attributes.find((item) => item.key === key);
  return found?.value.stringValue ?? found?.value.intValue;
}

function spansOf(request: Received): OtlpSpan[] {
  return request.body.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans));
}

function only<T>(items: T[], what: string): T {
  if (items.length !== 1) {
    throw new Error(`expected exactly one ${what}, got ${items.length}`);
  }
  return items[0];
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms`);
    }
    await new Promise((wait) => setTimeout(wait, 200));
  }
}

describe('vigil detect with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  let result: CliResult;
  let request: Received;
  let spans: OtlpSpan[];

  beforeAll(async () => {
    received.length = 0;
    result = await vigil(['detect', '--config', writeConfig('detect', true), '--workers', '1'], {
      OTEL_EXPORTER_OTLP_ENDPOINT: `${receiverUrl}/`,
      OTEL_EXPORTER_OTLP_HEADERS: `x-vigil-test=${HEADER_SECRET}`,
      OTEL_SERVICE_NAME: 'vigil-tracing-test',
    });
    request = only(received, 'export request');
    spans = spansOf(request);
  }, 120_000);

  it('exits 1 for the broken detector and never logs the header value', () => {
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(detectorIds.bad);
    expect(result.stderr).not.toContain(HEADER_SECRET);
  });

  it('POSTs OTLP/HTTP JSON to <endpoint>/v1/traces with the configured headers and service name', () => {
    expect(request.url).toBe('/v1/traces');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-vigil-test']).toBe(HEADER_SECRET);
    expect(request.body.resourceSpans[0].resource.attributes).toContainEqual({
      key: 'service.name',
      value: { stringValue: 'vigil-tracing-test' },
    });
  });

  it('sends one trace with one root vigil.run and well-formed ids and times', () => {
    const root = only(
      spans.filter((span) => span.parentSpanId === undefined),
      'root span'
    );
    expect(root.name).toBe('vigil.run');
    expect(root.traceId).toMatch(/^[0-9a-f]{32}$/);
    const ids = new Set(spans.map((span) => span.spanId));
    expect(ids.size).toBe(spans.length);
    for (const span of spans) {
      expect(span.traceId).toBe(root.traceId);
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(span.startTimeUnixNano).toMatch(/^\d{19}$/);
      expect(BigInt(span.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(span.startTimeUnixNano));
      if (span !== root) {
        expect(ids.has(span.parentSpanId!)).toBe(true);
        expect(BigInt(span.startTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(root.startTimeUnixNano));
        expect(BigInt(span.endTimeUnixNano)).toBeLessThanOrEqual(BigInt(root.endTimeUnixNano));
      }
    }
    expect(root.status.code).toBe(2);
    expect(root.status.message).toContain(detectorIds.bad);
    expect(attribute(root, 'vigil.exit_code')).toBe('1');
  });

  it('puts query, score and alerts spans under the detector that ran them', () => {
    const root = spans.find((span) => span.name === 'vigil.run')!;
    const detector = only(
      spans.filter((span) => span.name === 'vigil.detector' && attribute(span, 'vigil.detector') === detectorIds.ok),
      'ok detector span'
    );
    expect(detector.parentSpanId).toBe(root.spanId);
    expect(detector.status.code).toBe(1);
    const children = spans.filter((span) => span.parentSpanId === detector.spanId);
    const query = children.find((span) => span.name === 'vigil.query')!;
    const score = only(
      children.filter((span) => span.name === 'vigil.score'),
      'score span'
    );
    const alerts = only(
      children.filter((span) => span.name === 'vigil.alerts'),
      'alerts span'
    );
    expect(query.status.code).toBe(1);
    expect(Number(attribute(query, 'vigil.series'))).toBeGreaterThan(0);
    expect(Number(attribute(score, 'vigil.series'))).toBeGreaterThan(0);
    expect(Number(attribute(score, 'vigil.points'))).toBeGreaterThan(0);
    expect(attribute(score, 'vigil.anomalies')).toMatch(/^\d+$/);
    expect(BigInt(score.startTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(query.endTimeUnixNano));
    expect(alerts.status.code).toBe(1);
  });

  it('marks the failing query and its detector ERROR with the message', () => {
    const detector = only(
      spans.filter((span) => span.name === 'vigil.detector' && attribute(span, 'vigil.detector') === detectorIds.bad),
      'bad detector span'
    );
    const query = only(
      spans.filter((span) => span.parentSpanId === detector.spanId),
      'span under the bad detector'
    );
    expect(query.name).toBe('vigil.query');
    expect(query.status.code).toBe(2);
    expect(query.status.message).toMatch(/parse error|bad_data/);
    expect(detector.status).toEqual({ code: 2, message: query.status.message });
  });

  it('has run-level deliver, state.save and metrics.push spans', () => {
    const root = spans.find((span) => span.name === 'vigil.run')!;
    for (const name of ['vigil.deliver', 'vigil.state.save', 'vigil.metrics.push']) {
      const span = only(
        spans.filter((item) => item.name === name),
        name
      );
      expect(span.parentSpanId).toBe(root.spanId);
      expect(span.status.code).toBe(1);
    }
    expect(
      attribute(
        spans.find((span) => span.name === 'vigil.deliver')!,
        'vigil.channel'
      )
    ).toBe('none');
  });
});

function exportWarning(stderr: string): { level: number; error?: string } | undefined {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string; error?: string })
    .find((line) => line.msg === 'trace export failed');
}

describe('vigil detect when the trace export fails', () => {
  let untraced: CliResult;

  beforeAll(async () => {
    untraced = await vigil(['detect', '--config', writeConfig('untraced', false), '--workers', '1'], {});
  }, 120_000);

  it('runs cleanly without tracing', () => {
    expect(untraced.code).toBe(0);
    expect(exportWarning(untraced.stderr)).toBeUndefined();
  });

  it('warns and keeps the exit code when the receiver is down', async () => {
    const closedPort = await freeLoopbackPort();
    const down = await vigil(['detect', '--config', writeConfig('down', false), '--workers', '1'], {
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://${LOOPBACK}:${closedPort}/v1/traces`,
    });
    expect(down.code).toBe(untraced.code);
    expect(exportWarning(down.stderr)).toMatchObject({ level: 40, error: expect.stringContaining('ECONNREFUSED') });
  }, 120_000);

  it('warns and keeps the exit code when the receiver refuses the spans', async () => {
    const refused = await vigil(['detect', '--config', writeConfig('refused', false), '--workers', '1'], {
      OTEL_EXPORTER_OTLP_ENDPOINT: `${receiverUrl}/refuse`,
    });
    expect(refused.code).toBe(untraced.code);
    expect(exportWarning(refused.stderr)).toMatchObject({ level: 40, error: 'HTTP 503 Service Unavailable' });
  }, 120_000);

  it('gives up after OTEL_EXPORTER_OTLP_TIMEOUT when the receiver never answers', async () => {
    const hung = await vigil(['detect', '--config', writeConfig('hung', false), '--workers', '1'], {
      OTEL_EXPORTER_OTLP_ENDPOINT: `${receiverUrl}/hang`,
      OTEL_EXPORTER_OTLP_TIMEOUT: '300',
    });
    expect(hung.code).toBe(untraced.code);
    expect(exportWarning(hung.stderr)).toMatchObject({ level: 40, error: expect.stringMatching(/timeout/i) });
  }, 120_000);
});

describe('vigil serve with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  let child: ChildProcess | undefined;

  afterAll(() => {
    if (child?.exitCode === null) {
      child.kill('SIGKILL');
    }
  });

  it('exports one trace for its run and still stops cleanly', async () => {
    received.length = 0;
    child = spawn(
      process.execPath,
      [cli, 'serve', '--config', writeConfig('serve', false), '--host', LOOPBACK, '--port', '0', '--workers', '1'],
      { env: { PATH: process.env.PATH ?? '', OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl }, stdio: 'ignore' }
    );
    const exited = new Promise<number | null>((done) => child!.once('exit', (code) => done(code)));
    await waitFor(() => received.length > 0, 90_000);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    const spans = spansOf(only(received, 'export request'));
    const root = only(
      spans.filter((span) => span.parentSpanId === undefined),
      'root span'
    );
    expect(root.name).toBe('vigil.run');
    expect(root.status.code).toBe(1);
    expect(spans.map((span) => span.name)).toEqual(
      expect.arrayContaining(['vigil.detector', 'vigil.query', 'vigil.score', 'vigil.alerts', 'vigil.state.save'])
    );
    // Serve mode serves its metrics instead of pushing them.
    expect(spans.map((span) => span.name)).not.toContain('vigil.metrics.push');
  }, 120_000);
});
