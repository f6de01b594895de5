import { gaussian, seededRandom } from './random';
import { DEMO_END_MS, dailyLoad, type LabelledSeries } from './serverMetrics';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** What makes a series hard: noise and quirks a detector must live with, and the incident it must still find. */
interface HardScenario {
  name: string;
  metric: string;
  description: string;
  /** Length of the planted incident. */
  incidentMs: number;
  /**
   * The series at times `t`; `incident` is the [start, end) row range of the incident, absent for a normal
   * series. `random` is uniform in [0, 1), `noise` standard normal; both seeded.
   */
  generate(t: Float64Array, random: () => number, noise: () => number, incident?: [number, number]): Float64Array;
}

/** True on rows where a quirk that starts with probability `perRow` lasts for `minRows` to `maxRows` rows. */
function episodes(rows: number, perRow: number, minRows: number, maxRows: number, random: () => number): Uint8Array {
  const on = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    if (random() < perRow) {
      const length = minRows + Math.floor(random() * (maxRows - minRows + 1));
      on.fill(1, i, Math.min(rows, i + length));
      i += length;
    }
  }
  return on;
}

function rowsPer(ms: number, t: Float64Array): number {
  return Math.max(1, Math.round(ms / Math.max(t[1] - t[0], 1)));
}

const inside = (i: number, incident?: [number, number]) =>
  incident !== undefined && i >= incident[0] && i < incident[1];

const SCENARIOS: HardScenario[] = [
  {
    name: 'cpu_drift',
    metric: 'node_cpu_utilisation',
    description: 'CPU utilisation: noisy (autocorrelated), daily load, slowly drifting up; incident: saturation',
    incidentMs: 60 * MINUTE,
    generate(t, _random, noise, incident) {
      const out = new Float64Array(t.length);
      let ar = 0;
      for (let i = 0; i < t.length; i++) {
        ar = 0.8 * ar + 0.04 * noise();
        const drift = (0.15 * i) / t.length;
        const load = 0.25 + 0.25 * dailyLoad(t[i]) + drift + ar + (inside(i, incident) ? 0.4 : 0);
        out[i] = Math.min(1, Math.max(0, load));
      }
      return out;
    },
  },
  {
    name: 'sensor_flatline',
    metric: 'node_hwmon_temp_celsius',
    description:
      'Temperature sensor with a daily cycle that sometimes flat-lines (stale reading); incident: overheating',
    incidentMs: 60 * MINUTE,
    generate(t, random, noise, incident) {
      const out = new Float64Array(t.length);
      const stuck = episodes(
        t.length,
        1 / rowsPer(2 * DAY, t),
        rowsPer(20 * MINUTE, t),
        rowsPer(60 * MINUTE, t),
        random
      );
      const ramp = rowsPer(15 * MINUTE, t);
      for (let i = 0; i < t.length; i++) {
        const hour = (t[i] % DAY) / (DAY / 24);
        const heat = inside(i, incident) ? 10 * Math.min(1, (i - incident![0] + 1) / ramp) : 0;
        const reading = 45 + 4 * Math.sin(((hour - 9) / 24) * 2 * Math.PI) + 0.3 * noise() + heat;
        out[i] = i > 0 && stuck[i] && !inside(i, incident) ? out[i - 1] : reading;
      }
      return out;
    },
  },
  {
    name: 'counter_reset',
    metric: 'http_requests_total',
    description: 'A raw request counter that resets to 0 when the process restarts; incident: the counter stalls',
    incidentMs: 45 * MINUTE,
    generate(t, random, noise, incident) {
      const out = new Float64Array(t.length);
      const restarts = episodes(t.length, 1 / rowsPer(3 * DAY, t), 1, 1, random);
      const stepSeconds = (t[1] - t[0]) / 1000;
      let count = 0;
      for (let i = 0; i < t.length; i++) {
        const rate = Math.max(0, 40 + 120 * dailyLoad(t[i]) + 8 * noise());
        count = restarts[i] ? 0 : count + (inside(i, incident) ? 0 : rate * stepSeconds);
        out[i] = Math.round(count);
      }
      return out;
    },
  },
  {
    name: 'bursty_requests',
    metric: 'http_requests_per_second',
    description: 'Request rate with frequent short bursts (batch clients, retries); incident: an outage',
    incidentMs: 30 * MINUTE,
    generate(t, random, noise, incident) {
      const out = new Float64Array(t.length);
      const bursts = episodes(
        t.length,
        1 / rowsPer(6 * 60 * MINUTE, t),
        rowsPer(2 * MINUTE, t),
        rowsPer(10 * MINUTE, t),
        random
      );
      let factor = 1;
      for (let i = 0; i < t.length; i++) {
        if (bursts[i] && (i === 0 || !bursts[i - 1])) {
          factor = 1.5 + 1.5 * random();
        }
        const rate = (200 + 600 * dailyLoad(t[i])) * (bursts[i] ? factor : 1);
        const sampled = Math.max(0, rate + Math.sqrt(rate) * noise());
        out[i] = inside(i, incident) ? 0.05 * sampled : sampled;
      }
      return out;
    },
  },
  {
    name: 'heavy_tailed_latency',
    metric: 'http_request_duration_p99_seconds',
    description: 'p99 latency with log-normal noise and rare Pareto-tailed spikes; incident: latency triples',
    incidentMs: 45 * MINUTE,
    generate(t, random, noise, incident) {
      const out = new Float64Array(t.length);
      for (let i = 0; i < t.length; i++) {
        const base = (0.12 + 0.05 * dailyLoad(t[i])) * Math.exp(0.35 * noise());
        // Pareto (alpha 1.5) excursions on 0.5% of rows: most are small, a few are many times the usual value.
        const spike = random() < 0.005 ? Math.pow(1 - random(), -1 / 1.5) : 1;
        out[i] = base * spike * (inside(i, incident) ? 3 : 1);
      }
      return out;
    },
  },
];

export const HARD_SCENARIOS: readonly string[] = SCENARIOS.map((scenario) => scenario.name);

export interface HardServerMetricsOptions {
  /** Timestamp (ms) of the last sample; rounded down to the step. */
  endMs?: number;
  days?: number;
  stepMs?: number;
  seed?: number;
}

/**
 * Deterministic server metrics with the quirks that cause false alerts in production (noisy drifting CPU, sensors
 * that flat-line, counters that reset, bursty request rates, heavy-tailed latency). Per scenario two series: one
 * with one labelled incident, placed at a seeded time in the last 45% of the history, and one normal series
 * (`normal: true` in its labels, no windows) with the same quirks, for counting false alerts.
 */
export function generateHardServerMetrics(options: HardServerMetricsOptions = {}): LabelledSeries[] {
  const stepMs = options.stepMs ?? MINUTE;
  const days = options.days ?? 14;
  const seed = options.seed ?? 1;
  const endMs = Math.floor((options.endMs ?? DEMO_END_MS) / stepMs) * stepMs;
  const count = Math.floor((days * DAY) / stepMs);
  const timestamps = Float64Array.from({ length: count }, (_, i) => endMs - (count - 1 - i) * stepMs);

  return SCENARIOS.flatMap((scenario, index) =>
    (['incident', 'normal'] as const).map((variant, v) => {
      const random = seededRandom(seed * 7919 + index * 101 + v);
      const noise = gaussian(seededRandom(seed * 104_729 + index * 101 + v));
      const length = Math.max(1, Math.round(scenario.incidentMs / stepMs));
      const start = Math.min(Math.floor(count * (0.55 + 0.35 * random())), count - length);
      const incident: [number, number] | undefined = variant === 'incident' ? [start, start + length] : undefined;
      const values = scenario.generate(timestamps, random, noise, incident);
      return {
        labels: {
          __name__: scenario.metric,
          instance: `${scenario.name.replace(/_/g, '-')}-${variant}`,
          job: 'vigil-synthetic',
          scenario: scenario.name,
          ...(variant === 'normal' ? { normal: 'true' } : {}),
        },
        timestamps: timestamps.slice(),
        values,
        anomalyWindows: incident ? [[timestamps[incident[0]], timestamps[incident[1] - 1]] as [number, number]] : [],
        scenario: scenario.name,
        description: variant === 'normal' ? `${scenario.description} (normal: no incident)` : scenario.description,
      };
    })
  );
}
