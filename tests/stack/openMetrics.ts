import type { Series } from '../../src/engine/series';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`: one gauge family per metric name,
 * samples with timestamps in seconds (millisecond precision), NaN values (missing samples) left out, `# EOF` last.
 */
export function seriesToOpenMetrics(series: Series[]): string {
  const families = new Map<string, Series[]>();
  series.forEach((one, index) => {
    const name = metricNameOf(one, index);
    families.set(name, [...(families.get(name) ?? []), one]);
  });
  const lines: string[] = [];
  for (const [name, members] of families) {
    lines.push(`# TYPE ${name} gauge`);
    for (const one of members) {
      const selector = `${name}${labelSet(one.labels)}`;
      one.values.forEach((value, i) => {
        if (!Number.isNaN(value)) {
          lines.push(`${selector} ${formatValue(value)} ${formatTimestamp(one.timestamps[i])}`);
        }
      });
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

function metricNameOf(series: Series, index: number): string {
  const name = series.labels.__name__;
  if (name === undefined) {
    throw new Error(`series #${index} ${JSON.stringify(series.labels)} has no __name__ label`);
  }
  if (!METRIC_NAME.test(name)) {
    throw new Error(`series #${index}: '${name}' is not a valid metric name`);
  }
  if (series.timestamps.length !== series.values.length) {
    throw new Error(
      `series #${index} (${name}) has ${series.timestamps.length} timestamps but ${series.values.length} values`
    );
  }
  return name;
}

function labelSet(labels: Record<string, string>): string {
  const names = Object.keys(labels)
    .filter((name) => name !== '__name__')
    .sort();
  if (names.length === 0) {
    return '';
  }
  const pairs = names.map((name) => {
    if (!LABEL_NAME.test(name) || name.startsWith('__')) {
      throw new Error(`'${name}' is not a valid label name`);
    }
    return `${name}="${escapeLabelValue(labels[name])}"`;
  });
  return `{${pairs.join(',')}}`;
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (value === Infinity) {
    return '+Inf';
  }
  if (value === -Infinity) {
    return '-Inf';
  }
  return String(value);
}

/** Seconds written from whole milliseconds as digits, so no floating-point rounding shifts a sample. */
function formatTimestamp(ms: number): string {
  if (!Number.isFinite(ms)) {
    throw new Error(`timestamp ${ms} is not a finite number of milliseconds`);
  }
  const whole = Math.round(Math.abs(ms));
  const sign = ms < 0 && whole !== 0 ? '-' : '';
  const seconds = Math.floor(whole / 1000);
  const millis = whole % 1000;
  return millis === 0 ? `${sign}${seconds}` : `${sign}${seconds}.${String(millis).padStart(3, '0')}`;
}
