import { parseDecimal } from '../engine/util/decimal';
import { quoteInput } from '../engine/util/quote';

/** Prometheus writes sample values as strings: decimals, `NaN`, `+Inf`, `-Inf`. Returns null for anything else. */
export function sampleValueOrNull(text: string): number | null {
  const value = parseDecimal(text);
  if (value !== null) {
    return value;
  }
  switch (text) {
    case 'NaN':
      return Number.NaN;
    case '+Inf':
    case 'Inf':
      return Number.POSITIVE_INFINITY;
    case '-Inf':
      return Number.NEGATIVE_INFINITY;
    default:
      return null;
  }
}

export function parseSampleValue(text: string): number {
  const value = sampleValueOrNull(text);
  if (value === null) {
    throw new TypeError(`not a sample value: ${quoteInput(text)}`);
  }
  return value;
}

/** Prometheus times are float seconds with millisecond precision. */
export function secondsToMs(seconds: number): number {
  return Math.round(seconds * 1000);
}

export function msToSeconds(ms: number): string {
  return (ms / 1000).toFixed(3).replace(/\.?0+$/, '');
}
