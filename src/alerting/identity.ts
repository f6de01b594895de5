import { seriesAlertLabels, sortLabels } from './labels';

/**
 * An alert's identity is its detector plus the series' labels (not severity or extra labels), so a
 * re-send of the same anomaly deduplicates and a config change of severity does not start a new episode.
 * The identity is `<detector>/<16 hex digits>`: a 64-bit hash of the canonical label text.
 */
export function alertIdentity(detector: string, seriesLabels: Record<string, string>): string {
  return `${detector}/${labelHash64(canonicalLabels(seriesAlertLabels(seriesLabels)))}`;
}

export function detectorOfIdentity(identity: string): string {
  return identity.slice(0, identity.lastIndexOf('/'));
}

/** Labels as one canonical string: sorted names, JSON-quoted values. */
export function canonicalLabels(labels: Record<string, string>): string {
  const sorted = sortLabels(labels);
  return `{${Object.entries(sorted)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(',')}}`;
}

/**
 * A 64-bit hash as two 32-bit lanes (FNV-1a over UTF-16 code units, with different offsets and a final
 * avalanche per lane); 32-bit integer maths keeps it fast for thousands of series per run.
 */
export function labelHash64(text: string): string {
  let high = 0x811c9dc5;
  let low = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    high = Math.imul(high ^ code, 0x01000193);
    low = Math.imul(low ^ code, 0x01000193) ^ (high >>> 15);
  }
  return hex32(avalanche(high ^ Math.imul(low, 0x85ebca6b))) + hex32(avalanche(low ^ Math.imul(high, 0xc2b2ae35)));
}

function avalanche(value: number): number {
  let x = value;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

function hex32(value: number): string {
  return value.toString(16).padStart(8, '0');
}
