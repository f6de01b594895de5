import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './configError';
import { loadConfig } from './loadConfig';
import { maskSecrets } from './maskSecrets';
import { contaminationToSensitivity, metricDetectorId } from './metricDetectors';

const dir = mkdtempSync(join(tmpdir(), 'vigil-config-'));
function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const PYTHON_STYLE = `prometheus_url: http://prom:9090
metrics:
  - rate(http_requests_total[5m])
  - node_load1
contamination: 0.1
window_minutes: 1440
step: 60
model_path: /var/lib/vigil
slack_webhook_url: https://hooks.slack.com/services/T000/B000/SECRET
drift_detection: false
run_interval_seconds: 120
`;

describe('loadConfig', () => {
  it('maps the Python tool keys to one detector per query', () => {
    const config = loadConfig(write('python.yaml', PYTHON_STYLE), { env: {} });
    expect(config.detectors).toHaveLength(2);
    const [first] = config.detectors;
    expect(first.id).toBe(metricDetectorId('rate(http_requests_total[5m])'));
    expect(first.query).toBe('rate(http_requests_total[5m])');
    expect(first.step).toBe('60s');
    expect(first.trainingWindow).toBe('1440m');
    expect(first.sensitivity).toBe(0.75);
    expect(first.drift.enabled).toBe(false);
    expect(config.settings.model_path).toBe('/var/lib/vigil');
    expect(config.settings.run_interval_seconds).toBe(120);
  });

  it('applies a profile overlay and environment overrides on top', () => {
    const file = write(
      'profiles.yaml',
      `${PYTHON_STYLE}profiles:\n  prod:\n    prometheus_url: http://prod-prom:9090\n    contamination: 0.001\n`
    );
    const config = loadConfig(file, { profile: 'prod', env: { PROM_QUERY: 'up', WINDOW_MINUTES: '60', STEP: '30s' } });
    expect(config.settings.prometheus_url).toBe('http://prod-prom:9090');
    expect(config.detectors).toHaveLength(1);
    expect(config.detectors[0]).toMatchObject({ query: 'up', sensitivity: 0.25, trainingWindow: '60m', step: '30s' });
  });

  it('reads full detector specs and checks them with the spec schema', () => {
    const file = write(
      'detectors.yaml',
      `prometheus_url: http://prom:9090\ndetectors:\n  - id: cpu\n    name: CPU\n    query: node_cpu\n    model:\n      kind: forest\n`
    );
    const error = errorOf(() => loadConfig(file, { env: {} }));
    expect(error.message).toContain(`${file}:7: detectors[0].model.kind:`);
  });

  it('names the key, the file and the line of a bad value', () => {
    const file = write('bad.yaml', `prometheus_url: http://prom:9090\nmetrics: [up]\ncontamination: 2\n`);
    const error = errorOf(() => loadConfig(file, { env: {} }));
    expect(error.message).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:3: contamination: `));
    expect(error.exitCode).toBe(2);
  });

  it("names a detector's bad model.params key with its line, as detect would fail on it", () => {
    const file = write(
      'params.yaml',
      `prometheus_url: http://prom:9090\ndetectors:\n  - id: cpu\n    name: CPU\n    query: up\n    model:\n      kind: isolation_forest\n      params:\n        trees: 0\n`
    );
    const error = errorOf(() => loadConfig(file, { env: {} }));
    expect(error.message).toBe(`${file}:9: detectors[0].model.params.trees: Too small: expected number to be >=1`);
    expect(error.exitCode).toBe(2);
  });

  it('names a forecast horizon longer than a week of steps with its line', () => {
    const file = write(
      'horizon.yaml',
      `prometheus_url: http://prom:9090\ndetectors:\n  - id: disk\n    name: Disk\n    query: up\n    forecast:\n      horizon: 8d\n`
    );
    const error = errorOf(() => loadConfig(file, { env: {} }));
    expect(error.message).toBe(`${file}:7: detectors[0].forecast.horizon: 8d is 11520 steps of 1m; at most 10080`);
    expect(error.exitCode).toBe(2);
  });

  it('checks the incremental-run keys, naming file, line and key', () => {
    const base = `prometheus_url: http://prom:9090\nmetrics: [up]\nrun_interval_seconds: 300\n`;
    const ok = write('incremental.yaml', `${base}refit_every: 1d\nstate_ttl: 2h\nmax_samples_per_query: 50000\n`);
    expect(loadConfig(ok, { env: {} }).settings).toMatchObject({
      refit_every: '1d',
      state_ttl: '2h',
      max_samples_per_query: 50_000,
    });
    const defaults = loadConfig(write('defaults.yaml', base), { env: {} }).settings;
    expect(defaults.refit_every).toBeUndefined();
    expect(defaults).toMatchObject({ state_ttl: '1d', max_samples_per_query: 1_000_000 });
    const cases: Array<[string, RegExp]> = [
      ['refit_every: soon\n', /:4: refit_every: must be a duration/],
      ['state_ttl: 5m\n', /:4: state_ttl: must be at least two run intervals \(600s\)/],
      ['refit_every: 1d\nretrain_interval: 1d\n', /:5: retrain_interval: is the older name of refit_every/],
      ['max_samples_per_query: 10\n', /:4: max_samples_per_query: /],
    ];
    for (const [extra, expected] of cases) {
      const error = errorOf(() => loadConfig(write('bad-incremental.yaml', base + extra), { env: {} }));
      expect(error.message).toMatch(expected);
      expect(error.message.startsWith(dir)).toBe(true);
      expect(error.exitCode).toBe(2);
    }
  });

  it('refuses a scoring window shorter than the run interval and the steps a run re-reads, naming the detector', () => {
    const detector = (window: string) =>
      `detectors:\n  - id: sw\n    name: SW\n    query: up\n    step: 15s\n    trainingWindow: 2h\n    scoringWindow: ${window}\n`;
    const base = `prometheus_url: http://prom:9090\nmin_points: 10\nrun_interval_seconds: 60\n`;
    const short = write('short-window.yaml', base + detector('30s'));
    const error = errorOf(() => loadConfig(short, { env: {} }));
    expect(error.message).toBe(
      `${short}:10: detectors[0]: scoringWindow 30s of detector sw is shorter than run_interval_seconds (60s) plus ` +
        'the 2 steps of 15s a run re-reads: each run would leave points unscored; set scoringWindow to at least 90s, ' +
        'or run more often'
    );
    expect(error.exitCode).toBe(2);
    expect(errorOf(() => loadConfig(write('edge-window.yaml', base + detector('89s')), { env: {} })).exitCode).toBe(2);
    expect(loadConfig(write('enough-window.yaml', base + detector('90s')), { env: {} }).detectors).toHaveLength(1);

    // metrics: take scoring_window, else the default of 1h.
    const hourly = `prometheus_url: http://prom:9090\nmetrics: [up]\nrun_interval_seconds: 3600\n`;
    expect(errorOf(() => loadConfig(write('hourly.yaml', hourly), { env: {} })).message).toMatch(
      /:2: metrics\[0\]: scoring_window 1h of detector metric-\w+ is shorter than run_interval_seconds \(3600s\) plus the 2 steps of 1m a run re-reads: .* at least 62m, /
    );
    const widened = write('hourly-window.yaml', `${hourly}scoring_window: 61m\n`);
    expect(errorOf(() => loadConfig(widened, { env: {} })).message).toMatch(/:4: metrics\[0\]: scoring_window 61m /);
    expect(loadConfig(write('hourly-ok.yaml', `${hourly}scoring_window: 62m\n`), { env: {} }).detectors).toHaveLength(
      1
    );
  });

  it('names an unknown key with its line', () => {
    const file = write('unknown.yaml', `prometheus_url: http://prom:9090\nmetrics: [up]\nwindow_minute: 5\n`);
    expect(errorOf(() => loadConfig(file, { env: {} })).message).toBe(
      `${file}:3: (root): unknown key(s) window_minute`
    );
  });

  it('refuses a query string on a server URL and credentials in grafana_url, which would leak into requests and alerts', () => {
    const query = write('query.yaml', `prometheus_url: http://prom:9090/?token=QSECRET\nmetrics: [up]\n`);
    expect(errorOf(() => loadConfig(query, { env: {} })).message).toBe(
      `${query}:1: prometheus_url: must not carry a query string or fragment (vigil appends API paths to it; put tokens in auth or the environment)`
    );
    const link = write(
      'link.yaml',
      `prometheus_url: http://prom:9090\nmetrics: [up]\ngrafana_url: https://gu:PW@grafana.example.com\n`
    );
    expect(errorOf(() => loadConfig(link, { env: {} })).message).toBe(
      `${link}:3: grafana_url: must not carry credentials (user:password@): it is written into every alert's links`
    );
    const basicAuth = write('basic.yaml', `prometheus_url: https://user:pw@prom:9090/prefix\nmetrics: [up]\n`);
    expect(loadConfig(basicAuth, { env: {} }).settings.prometheus_url).toBe('https://user:pw@prom:9090/prefix');
  });

  it('refuses a detector whose training window holds fewer points than min_points, which could never fit', () => {
    const file = write(
      'short.yaml',
      `prometheus_url: http://prom:9090\ndetectors:\n  - id: hourly\n    name: Hourly\n    query: up\n    step: 1h\n    trainingWindow: 1d\n    scoringWindow: 3h\n`
    );
    expect(errorOf(() => loadConfig(file, { env: {} })).message).toBe(
      `${file}:3: detectors[0]: trainingWindow 1d at step 1h holds 25 points, fewer than min_points (60): ` +
        'no series could ever be fitted; lengthen the window or lower min_points'
    );
    expect(loadConfig(file, { env: { MIN_POINTS: '25' } }).detectors).toHaveLength(1);
  });

  it('names the environment variable when an override is bad', () => {
    const file = write('env.yaml', `prometheus_url: http://prom:9090\nmetrics: [up]\n`);
    expect(errorOf(() => loadConfig(file, { env: { CONTAMINATION: 'lots' } })).message).toContain('CONTAMINATION');
    expect(errorOf(() => loadConfig(file, { env: { ALERTMANAGER_URL: 'not a url' } })).message).toBe(
      'environment variable ALERTMANAGER_URL: alertmanager_url: must be an http(s) URL'
    );
  });

  it('takes the tokens from the environment, the Grafana token only where a grafana section exists', () => {
    const plain = write('tokens.yaml', `prometheus_url: http://prom:9090\nmetrics: [up]\n`);
    const env = { PROMETHEUS_BEARER_TOKEN: 'prom-token', GRAFANA_TOKEN: 'sa-token' };
    const config = loadConfig(plain, { env });
    expect(config.settings.auth).toEqual({ bearer_token: 'prom-token' });
    expect(config.settings.grafana).toBeUndefined();

    const viaGrafana = write(
      'grafana.yaml',
      `prometheus_url: http://prom:9090\nmetrics: [up]\ngrafana:\n  url: http://grafana:3000\n  token: from-file\n`
    );
    expect(loadConfig(viaGrafana, { env }).settings.grafana).toMatchObject({
      url: 'http://grafana:3000',
      token: 'sa-token',
    });

    const basic = write(
      'basic.yaml',
      `prometheus_url: http://prom:9090\nmetrics: [up]\nauth:\n  username: u\n  password: p\n`
    );
    expect(errorOf(() => loadConfig(basic, { env })).message).toContain('environment variable PROMETHEUS_BEARER_TOKEN');
  });

  it('reports YAML syntax errors with line and column, a missing file, and an unknown profile', () => {
    const broken = write('broken.yaml', `prometheus_url: http://prom:9090\nmetrics: [up\n`);
    expect(errorOf(() => loadConfig(broken, { env: {} })).message).toMatch(/broken\.yaml:\d+:\d+: invalid YAML/);
    expect(errorOf(() => loadConfig(join(dir, 'missing.yaml'), { env: {} })).message).toContain('file not found');
    const file = write('noprofile.yaml', `prometheus_url: http://prom:9090\nmetrics: [up]\nprofiles:\n  dev: {}\n`);
    expect(errorOf(() => loadConfig(file, { profile: 'prod', env: {} })).message).toContain(
      "profile 'prod' is not defined"
    );
  });

  it('refuses a YAML alias bomb as a config error naming the file (exit 2), quickly', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const file = write('bomb.yaml', `prometheus_url: http://prom:9090\n${levels.join('\n')}\n`);
    const error = errorOf(() => loadConfig(file, { env: {} }));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`${file}: invalid YAML: Excessive alias count indicates a resource exhaustion attack`);
  });

  it('uses CONFIG_PATH when no path is given, and requires a detector and a Prometheus', () => {
    const file = write('viaenv.yaml', `metrics: [up]\n`);
    expect(errorOf(() => loadConfig(undefined, { env: { CONFIG_PATH: file } })).message).toContain(
      'prometheus_url: required'
    );
    expect(
      loadConfig(undefined, { env: { CONFIG_PATH: file, PROMETHEUS_URL: 'http://p:9090' } }).detectors
    ).toHaveLength(1);
  });
});

describe('maskSecrets', () => {
  it('masks webhook URLs, tokens, passwords and URL credentials', () => {
    const masked = maskSecrets({
      slack_webhook_url: 'https://hooks.slack.com/services/T/B/SECRET',
      grafana: { url: 'https://grafana.example', token: 'glsa_secret' },
      auth: { username: 'u', password: 'p' },
      alertmanager_url: 'https://user:hunter2@am.example/',
      activities: [
        { name: 'page', action: { type: 'webhook', url: 'https://hooks.example.com/vigil?token=HOOKSECRET' } },
        { name: 'run', action: { type: 'command', argv: ['/bin/url'] } },
      ],
    });
    const text = JSON.stringify(masked);
    expect(text).not.toMatch(/SECRET|glsa_secret|hunter2|"p"/);
    expect(masked).toMatchObject({
      slack_webhook_url: 'https://hooks.slack.com/****',
      grafana: { url: 'https://grafana.example', token: '****' },
      activities: [
        { name: 'page', action: { type: 'webhook', url: 'https://hooks.example.com/****' } },
        { name: 'run', action: { type: 'command', argv: ['/bin/url'] } },
      ],
    });
  });
});

describe('contaminationToSensitivity', () => {
  it('is monotonic with 0.01 at the default sensitivity', () => {
    expect(contaminationToSensitivity(0.01)).toBe(0.5);
    expect(contaminationToSensitivity(0.001)).toBeLessThan(contaminationToSensitivity(0.05));
  });
});

describe('examples/config.yaml', () => {
  it.each([undefined, 'dev', 'stage', 'prod'])('is valid with profile %s', (profile) => {
    const config = loadConfig(join(__dirname, '../../../examples/config.yaml'), { profile, env: {} });
    expect(config.detectors.map((detector) => detector.id)).toEqual([
      expect.stringMatching(/^metric-/),
      expect.stringMatching(/^metric-/),
      'checkout-latency',
      'checkout-errors',
    ]);
    expect(config.mutes).toHaveLength(1);
  });
});
