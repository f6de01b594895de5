import type { Series } from '../series';
import { gaussian, seededRandom } from './random';

/** A synthetic series with the windows in which it is anomalous (empty for a normal series). */
export interface LabelledSeries extends Series {
  anomalyWindows: Array<[number, number]>;
  scenario: string;
  description: string;
}

export interface ServerMetricsOptions {
  /** Timestamp (ms) of the last sample; rounded down to the step. */
  endMs?: number;
  days?: number;
  stepMs?: number;
  seed?: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A fixed default end so the built-in demo is identical on every machine and every day. */
export const DEMO_END_MS = Date.UTC(2026, 0, 12, 0, 0, 0);

interface Scenario {
  name: string;
  instance: string;
  description: string;
  /** Value at time t, given the fraction of the history elapsed and a noise source. */
  value(t: number, progress: number, noise: () => number): number;
  /** Anomalous windows as fractions of the history [from, to]. */
  windows: Array<[number, number]>;
}

/** Daily shape: low at night, a morning ramp and an afternoon peak; weekends at 60%. */
export function dailyLoad(t: number): number {
  const hourOfDay = (t % DAY) / HOUR;
  const dayOfWeek = (Math.floor(t / DAY) + 4) % 7;
  const weekend = dayOfWeek === 0 || dayOfWeek === 6 ? 0.6 : 1;
  const shape = 0.55 + 0.45 * Math.sin(((hourOfDay - 8) / 24) * 2 * Math.PI);
  return weekend * shape;
}

function inWindows(progress: number, windows: Array<[number, number]>): boolean {
  return windows.some(([from, to]) => progress >= from && progress < to);
}

const SPIKE: Array<[number, number]> = [[0.8, 0.8008]];
const LEVEL_SHIFT: Array<[number, number]> = [[0.7, 0.71]];
const LEAK: Array<[number, number]> = [[0.85, 0.9]];
const FLAPPING: Array<[number, number]> = [[0.6, 0.606]];
const OUTAGE: Array<[number, number]> = [[0.9, 0.902]];

const SCENARIOS: Scenario[] = [
  {
    name: 'normal',
    instance: 'web-1',
    description: 'CPU utilisation with daily and weekly seasonality and noise; no anomalies',
    value: (t, _p, noise) => 0.15 + 0.5 * dailyLoad(t) + 0.02 * noise(),
    windows: [],
  },
  {
    name: 'spike',
    instance: 'web-2',
    description: 'Requests per second with a short traffic spike (about 3x) lasting a few minutes',
    value: (t, p, noise) => 200 + 800 * dailyLoad(t) + 25 * noise() + (inWindows(p, SPIKE) ? 1800 : 0),
    windows: SPIKE,
  },
  {
    name: 'level_shift',
    instance: 'api-1',
    description: 'p99 latency that steps up by 60% after a deploy and stays there',
    value: (t, p, noise) => (0.25 + 0.1 * dailyLoad(t)) * (p >= LEVEL_SHIFT[0][0] ? 1.6 : 1) + 0.01 * noise(),
    windows: LEVEL_SHIFT,
  },
  {
    name: 'slow_leak',
    instance: 'worker-1',
    description: 'Memory in use that starts to climb steadily (a leak) until it is far above its usual range',
    value: (_t, p, noise) => {
      const leak = p >= LEAK[0][0] ? (p - LEAK[0][0]) * 40e9 : 0;
      return 2e9 + 5e7 * noise() + leak;
    },
    windows: LEAK,
  },
  {
    name: 'flapping',
    instance: 'api-2',
    description: 'Error ratio that toggles between normal and high every few minutes for a while',
    value: (t, p, noise) => {
      const toggledHigh = inWindows(p, FLAPPING) && Math.floor(t / (3 * MINUTE)) % 2 === 0;
      return Math.max(0, 0.01 + 0.002 * noise() + (toggledHigh ? 0.08 : 0));
    },
    windows: FLAPPING,
  },
  {
    name: 'outage',
    instance: 'web-3',
    description: 'Requests per second that drop to almost nothing during an outage',
    value: (t, p, noise) => (inWindows(p, OUTAGE) ? 3 + noise() : 300 + 900 * dailyLoad(t) + 30 * noise()),
    windows: OUTAGE,
  },
];

const METRIC_NAMES: Record<string, string> = {
  normal: 'demo_cpu_utilisation',
  spike: 'demo_http_requests_per_second',
  level_shift: 'demo_http_latency_p99_seconds',
  slow_leak: 'demo_memory_used_bytes',
  flapping: 'demo_http_error_ratio',
  outage: 'demo_http_requests_per_second',
};

/**
 * Deterministic, labelled server-like metrics for demos, tests and tuning: daily seasonality, noise, a
 * spike, a level shift, a slow leak, a flapping series and an outage, each with its anomalous windows.
 */
export function generateServerMetrics(options: ServerMetricsOptions = {}): LabelledSeries[] {
  const stepMs = options.stepMs ?? MINUTE;
  const days = options.days ?? 7;
  const endMs = Math.floor((options.endMs ?? DEMO_END_MS) / stepMs) * stepMs;
  const count = Math.floor((days * DAY) / stepMs);
  const startMs = endMs - (count - 1) * stepMs;

  return SCENARIOS.map((scenario, index) => {
    const noise = gaussian(seededRandom((options.seed ?? 42) * 1000 + index));
    const timestamps = new Float64Array(count);
    const values = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const t = startMs + i * stepMs;
      timestamps[i] = t;
      values[i] = scenario.value(t, i / count, noise);
    }
    const span = count * stepMs;
    return {
      labels: {
        __name__: METRIC_NAMES[scenario.name],
        instance: scenario.instance,
        job: 'vigil-demo',
        scenario: scenario.name,
      },
      timestamps,
      values,
      anomalyWindows: scenario.windows.map(
        ([from, to]) => [startMs + from * span, startMs + to * span] as [number, number]
      ),
      scenario: scenario.name,
      description: scenario.description,
    };
  });
}
