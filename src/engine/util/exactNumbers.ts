import { base64ToFloat32, base64ToFloat64, float32ToBase64, float64ToBase64 } from './base64';

/**
 * Exact, compact text for float64 arrays in saved state: the shortest of decimal text (JavaScript's
 * shortest round-trip form: metric values with few digits take a few characters each), float32 bytes
 * when every value is a float32, or raw float64 bytes. Decoding gives back every bit.
 */
export function encodeExact(values: Float64Array): string {
  const float32Length = 2 + Math.ceil((values.length * 4) / 3) * 4;
  const float64Length = 2 + Math.ceil((values.length * 8) / 3) * 4;
  if (!values.some((value) => Object.is(value, -0))) {
    const decimal = `d:${values.join(',')}`;
    // Decimal text wins whenever it is no longer than float32 bytes: the base64 forms need not be built.
    if (decimal.length <= float32Length) {
      return decimal;
    }
    if (decimal.length <= float64Length && !isFloat32(values)) {
      return decimal;
    }
  }
  return isFloat32(values) ? `f:${float32ToBase64(Float32Array.from(values))}` : `b:${float64ToBase64(values)}`;
}

function isFloat32(values: Float64Array): boolean {
  const narrow = Float32Array.from(values);
  return narrow.every((value, i) => Object.is(value, values[i]));
}

export function decodeExact(text: string): Float64Array {
  const body = text.slice(2);
  switch (text.slice(0, 2)) {
    case 'b:':
      return base64ToFloat64(body);
    case 'f:':
      return Float64Array.from(base64ToFloat32(body));
    case 'd:':
      return body === '' ? new Float64Array(0) : Float64Array.from(body.split(','), Number);
    default:
      throw new Error('number array has no known encoding tag');
  }
}

/**
 * Timestamps as the first one plus runs of equal gaps: a regular series is one run. Falls back to
 * `encodeExact` when adding the gaps back would not give every timestamp bit for bit.
 */
export function encodeTimes(times: Float64Array): string {
  const runs: number[] = [];
  for (let i = 1; i < times.length; i++) {
    const gap = times[i] - times[i - 1];
    if (runs.length > 0 && runs[runs.length - 2] === gap) {
      runs[runs.length - 1]++;
    } else {
      runs.push(gap, 1);
    }
  }
  const text = times.length === 0 ? 'r:' : `r:${[times[0], ...runs].join(',')}`;
  const back = decodeTimes(text);
  return back.every((time, i) => Object.is(time, times[i])) ? text : encodeExact(times);
}

export function decodeTimes(text: string): Float64Array {
  if (!text.startsWith('r:')) {
    return decodeExact(text);
  }
  const parts = text.length > 2 ? text.slice(2).split(',').map(Number) : [];
  if (parts.length % 2 !== 1 && parts.length !== 0) {
    throw new Error('timestamp runs must be a start and (gap, count) pairs');
  }
  let total = parts.length > 0 ? 1 : 0;
  for (let k = 2; k < parts.length; k += 2) {
    if (!Number.isInteger(parts[k]) || parts[k] < 1) {
      throw new Error('timestamp run count must be a positive integer');
    }
    total += parts[k];
  }
  const times = new Float64Array(total);
  if (total > 0) {
    times[0] = parts[0];
  }
  let at = 1;
  for (let k = 1; k < parts.length; k += 2) {
    for (let c = 0; c < parts[k + 1]; c++, at++) {
      times[at] = times[at - 1] + parts[k];
    }
  }
  return times;
}
