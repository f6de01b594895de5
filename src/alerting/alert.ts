import { alertLabels, seriesAlertLabels, sortLabels } from './labels';

/** An alert as Alertmanager's API v2 accepts it (`POST /api/v2/alerts`); times are RFC 3339 strings. */
export interface Alert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
}

/** What the engine concluded about one series at one point; the alerting layer's input. */
export interface DetectionOutcome {
  labels: Record<string, string>;
  /** ms since epoch */
  timestamp: number;
  score: number;
  value: number;
  /** NaN where the model has no expected value or band. */
  expected: number;
  lower: number;
  upper: number;
  anomalous: boolean;
  explanation: string | null;
  /** When the series' model was last fitted (ms); alerts carry it so remediation locks clear on a refit. */
  fittedAtMs?: number;
}

/** The alert annotation with the time the series' model was fitted (RFC 3339). */
export const FITTED_AT_ANNOTATION = 'vigil_fitted_at';

/** The summary's significant digits where nothing is to be told apart (Prometheus's `humanize` writes 4). */
const SUMMARY_DIGITS = 4;
/** Significant digits that write any double exactly. */
const DOUBLE_DIGITS = 17;

export interface AlertTarget {
  detector: string;
  /** The detector's human-readable name, used in the summary. */
  detectorName?: string;
  severity: string;
  extraLabels?: Record<string, string>;
  /** Base URL of the app, e.g. `https://grafana.example.com/a/vigil-anomaly-app`. */
  appUrl?: string;
  /** Written after each value of the summary: `/s` for a counter's per-second rate. */
  unit?: string;
}

export interface AlertTiming {
  startsAtMs: number;
  endsAtMs: number;
}

/** The anomaly episode an alert stands for: one alert per episode, however many of its points were flagged. */
export interface AlertEpisode {
  /** Its most anomalous point so far: the summary and description describe it. */
  peak: DetectionOutcome;
  /** When it was over (its first normal point); absent while it lasts. */
  endedAtMs?: number;
}

/**
 * Builds the alert for a series' latest outcome; the contract of ARCHITECTURE.md ("Alert"). With an episode, the
 * summary and description are its peak's, and `episode_start`, `peak_at`, `peak_value`, `peak_score` (and
 * `episode_end` once it is over) say where the incident began and was worst; score, value and band stay the latest.
 */
export function buildAlert(
  target: AlertTarget,
  outcome: DetectionOutcome,
  timing: AlertTiming,
  flapping = false,
  episode?: AlertEpisode
): Alert {
  const labels = alertLabels({
    detector: target.detector,
    severity: target.severity,
    seriesLabels: outcome.labels,
    extraLabels: target.extraLabels,
  });
  const link = detectorLink(target);
  const described = episode?.peak ?? outcome;
  const annotations: Record<string, string> = {
    summary: summaryOf(target, labels, described),
    score: formatNumber(outcome.score, 5),
    value: formatNumber(outcome.value),
    expected: formatNumber(outcome.expected),
    expected_lower: formatNumber(outcome.lower),
    expected_upper: formatNumber(outcome.upper),
    observed_at: new Date(outcome.timestamp).toISOString(),
  };
  if (described.explanation) {
    annotations.description = described.explanation;
  }
  if (episode) {
    annotations.episode_start = new Date(timing.startsAtMs).toISOString();
    annotations.peak_at = new Date(episode.peak.timestamp).toISOString();
    annotations.peak_value = formatNumber(episode.peak.value);
    annotations.peak_score = formatNumber(episode.peak.score, 5);
    if (episode.endedAtMs !== undefined) {
      annotations.episode_end = new Date(episode.endedAtMs).toISOString();
    }
  }
  if (link) {
    annotations.vigil_url = link;
  }
  if (flapping) {
    annotations.flapping = 'true';
  }
  if (outcome.fittedAtMs !== undefined) {
    annotations[FITTED_AT_ANNOTATION] = new Date(outcome.fittedAtMs).toISOString();
  }
  return {
    labels,
    annotations,
    startsAt: new Date(timing.startsAtMs).toISOString(),
    endsAt: new Date(timing.endsAtMs).toISOString(),
    generatorURL: alertsPageLink(target, outcome.labels),
  };
}

/** The app's page of the detector, its editor: the alert's `vigil_url` (the Alerts page's Panel link). */
export function detectorLink(target: AlertTarget): string {
  return target.appUrl ? `${target.appUrl.replace(/\/+$/, '')}/detectors/${encodeURIComponent(target.detector)}` : '';
}

/**
 * The app's Alerts page showing this alert, the alert's generatorURL: the page's URL-synced `detector` (its group)
 * and `search`, each of the series' alert labels as the search box matches a label exactly (`name="value"`, the
 * value quoted as JSON quotes it).
 */
export function alertsPageLink(target: AlertTarget, seriesLabels: Record<string, string>): string {
  if (!target.appUrl) {
    return '';
  }
  const search = Object.entries(sortLabels(seriesAlertLabels(seriesLabels)))
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(' ');
  const query = `?detector=${encodeURIComponent(target.detector)}${search ? `&search=${encodeURIComponent(search)}` : ''}`;
  return `${target.appUrl.replace(/\/+$/, '')}/alerts${query}`;
}

function summaryOf(target: AlertTarget, labels: Record<string, string>, outcome: DetectionOutcome): string {
  const seriesName = describeSeries(outcome.labels);
  const unit = target.unit ?? '';
  const hasBand = Number.isFinite(outcome.lower) && Number.isFinite(outcome.upper);
  const compared = hasBand ? [outcome.lower, outcome.upper] : [outcome.expected];
  const digits = summaryDigits(outcome.value, compared);
  const shown = (x: number) => `${formatNumber(x, digits)}${unit}`;
  const band = hasBand
    ? ` ${outcome.value < outcome.lower || outcome.value > outcome.upper ? 'outside' : 'within'} the expected ${shown(outcome.lower)}..${shown(outcome.upper)}`
    : Number.isFinite(outcome.expected)
      ? ` (expected ${shown(outcome.expected)})`
      : '';
  const who = target.detectorName ?? labels.vigil_detector;
  return `${who}: ${seriesName} is ${shown(outcome.value)}${band} (anomaly score ${formatNumber(outcome.score, 4)})`;
}

/**
 * The summary's significant digits: 4, as Prometheus's `humanize` writes a value, or more where 4 would write the
 * value as one of the numbers it is compared with (a value just outside its band still reads as outside).
 */
function summaryDigits(value: number, compared: number[]): number {
  let digits = SUMMARY_DIGITS;
  while (
    digits < DOUBLE_DIGITS &&
    compared.some((x) => x !== value && formatNumber(x, digits) === formatNumber(value, digits))
  ) {
    digits++;
  }
  return digits;
}

/** The series as engine/series.ts's seriesSelector writes it (alerting may not import the engine). */
function describeSeries(seriesLabels: Record<string, string>): string {
  const { __name__: metric = '', ...rest } = seriesLabels;
  const matchers = Object.keys(rest)
    .filter((name) => !name.startsWith('__') && rest[name] !== '')
    .sort()
    .map((name) => `${name}=${JSON.stringify(rest[name])}`);
  return matchers.length > 0 ? `${metric}{${matchers.join(', ')}}` : metric || '{}';
}

/** A number to `significant` digits (integers in full), as alert annotations write them. */
function formatNumber(value: number, significant = 6): string {
  if (Number.isNaN(value)) {
    return 'NaN';
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? '+Inf' : '-Inf';
  }
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(significant)));
}
