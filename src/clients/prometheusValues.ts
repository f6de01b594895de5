/** Prometheus writes sample values as strings: decimals, `NaN`, `+Inf`, `-Inf`. Returns null for anything else. */
export function sampleValueOrNull(text: string): number | null {
  const value = Number(text);
  if (!Number.isNaN(value)) {
    return text.length > 0 ? value : null;
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
    throw new TypeError(`not a sample value: ${JSON.stringify(text)}`);
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
