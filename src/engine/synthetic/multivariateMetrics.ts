import type { Series } from '../series';
import { gaussian, seededRandom } from './random';
import { DEMO_END_MS } from './serverMetrics';

/** One target's four metrics, joined by `instance`, with the windows where their combination is anomalous. */
export interface MultivariateTarget {
  instance: string;
  /** `none`, or the metric that decouples from the load: `latency` or `cpu`. */
  scenario: 'none' | 'latency' | 'cpu';
  metrics: Record<MultivariateMetric, Series>;
  anomalyWindows: Array<[number, number]>;
}

export const MULTIVARIATE_METRICS = ['traffic', 'latency', 'errors', 'cpu'] as const;
export type MultivariateMetric = (typeof MULTIVARIATE_METRICS)[number];

export interface MultivariateMetricsOptions {
  targets?: number;
  days?: number;
  endMs?: number;
  seed?: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** How long a decoupling lasts, and how long it takes to set in and to fade. */
const WINDOW_MS = 90 * MINUTE;
const RAMP_MS = 30 * MINUTE;
/** The decoupled metric follows the load of this long ago. */
const LAG_MS = 150 * MINUTE;

/**
 * Service metrics driven by one load curve without daily seasonality (three slow incommensurate waves, so
 * every level of load happens at any time of day): traffic follows the load, and latency, error rate and
 * CPU follow traffic with noise. In a labelled window one metric (latency or CPU) follows the load of
 * 2.5 hours earlier instead, easing in and out over 30 minutes: its curve keeps a normal shape, range and
 * rate of change, so it looks normal alone, but it no longer matches the traffic (latency climbing while
 * traffic is flat or falling). One target in three has no anomaly. Deterministic for a seed.
 */
export function generateMultivariateMetrics(options: MultivariateMetricsOptions = {}): MultivariateTarget[] {
  const targets = options.targets ?? 6;
  const points = Math.round(((options.days ?? 4) * 24 * HOUR) / MINUTE);
  const endMs = Math.floor((options.endMs ?? DEMO_END_MS) / MINUTE) * MINUTE;
  const startMs = endMs - (points - 1) * MINUTE;
  const timestamps = Float64Array.from({ length: points }, (_, i) => startMs + i * MINUTE);
  return Array.from({ length: targets }, (_, index) => {
    const random = seededRandom((options.seed ?? 7) * 1000 + index);
    const noise = gaussian(random);
    const phases = [random(), random(), random()].map((fraction) => fraction * 2 * Math.PI);
    const load = (t: number) =>
      0.5 +
      0.2 * Math.sin((2 * Math.PI * t) / (5.3 * HOUR) + phases[0]) +
      0.15 * Math.sin((2 * Math.PI * t) / (2.9 * HOUR) + phases[1]) +
      0.1 * Math.sin((2 * Math.PI * t) / (9.7 * HOUR) + phases[2]);
    const scenario = (['latency', 'cpu', 'none'] as const)[index % 3];
    const window =
      scenario === 'none' ? null : decouplingWindow(load, startMs + (0.5 + 0.04 * index) * (endMs - startMs), endMs);
    const weight = (t: number) => (window ? easing(t, window) : 0);
    const traffic = new Float64Array(points);
    const latency = new Float64Array(points);
    const errors = new Float64Array(points);
    const cpu = new Float64Array(points);
    timestamps.forEach((t, i) => {
      const now = 200 + 600 * load(t);
      const earlier = 200 + 600 * load(t - LAG_MS);
      const drivingLatency = scenario === 'latency' ? now + weight(t) * (earlier - now) : now;
      const drivingCpu = scenario === 'cpu' ? now + weight(t) * (earlier - now) : now;
      traffic[i] = now + 15 * noise();
      latency[i] = 40 + 0.15 * drivingLatency + 3 * noise();
      errors[i] = Math.max(0, 0.5 + 0.004 * now + 0.2 * noise());
      cpu[i] = 0.1 + 0.0008 * drivingCpu + 0.02 * noise();
    });
    const instance = `svc-${index + 1}`;
    const series = (metric: MultivariateMetric, values: Float64Array): Series => ({
      labels: { __name__: `demo_service_${metric}`, instance, job: 'vigil-mv-demo' },
      timestamps,
      values,
    });
    return {
      instance,
      scenario,
      metrics: {
        traffic: series('traffic', traffic),
        latency: series('latency', latency),
        errors: series('errors', errors),
        cpu: series('cpu', cpu),
      },
      anomalyWindows: window ? [window] : [],
    };
  });
}

/**
 * The first window after `fromMs` (on 10-minute starts) throughout whose middle the lagged load differs from
 * the current one by at least 0.3 (about 180 requests/s): the metrics then clearly disagree.
 */
function decouplingWindow(load: (t: number) => number, fromMs: number, endMs: number): [number, number] {
  const first = Math.ceil(fromMs / (10 * MINUTE)) * 10 * MINUTE;
  for (let start = first; start + WINDOW_MS < endMs; start += 10 * MINUTE) {
    let apart = true;
    for (let t = start + RAMP_MS; t <= start + WINDOW_MS - RAMP_MS && apart; t += 5 * MINUTE) {
      apart = Math.abs(load(t - LAG_MS) - load(t)) >= 0.3;
    }
    if (apart) {
      return [start, start + WINDOW_MS];
    }
  }
  throw new Error('no decoupling window found: use more days');
}

/** 0 outside the window, rising to 1 over the first RAMP_MS and falling back over the last. */
function easing(t: number, [start, end]: [number, number]): number {
  if (t <= start || t >= end) {
    return 0;
  }
  const rise = Math.min(1, (t - start) / RAMP_MS, (end - t) / RAMP_MS);
  return 0.5 - 0.5 * Math.cos(Math.PI * rise);
}
