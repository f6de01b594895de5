import type { DetectionResult } from '../engine/detection';
import type { Forecast } from '../engine/forecast/forecast';

/** The buffers of a result, so that postMessage moves them instead of copying. */
export function resultBuffers(result: DetectionResult): ArrayBuffer[] {
  const arrays = [
    result.timestamps,
    result.values,
    result.scores,
    result.anomalies,
    result.expected,
    result.lower,
    result.upper,
  ];
  return uniqueBuffers(arrays.map((array) => array.buffer));
}

export function forecastBuffers(forecast: Forecast | null): ArrayBuffer[] {
  return forecast
    ? uniqueBuffers([forecast.timestamps, forecast.values, forecast.lower, forecast.upper].map((array) => array.buffer))
    : [];
}

export function uniqueBuffers(buffers: ArrayBufferLike[]): ArrayBuffer[] {
  return Array.from(new Set(buffers)).filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
}

/** A deep copy whose buffers the caller may give away while the original stays cached. */
export function copyResult(result: DetectionResult): DetectionResult {
  return {
    ...result,
    timestamps: result.timestamps.slice(),
    values: result.values.slice(),
    scores: result.scores.slice(),
    anomalies: result.anomalies.slice(),
    expected: result.expected.slice(),
    lower: result.lower.slice(),
    upper: result.upper.slice(),
    explanations: result.explanations.slice(),
    drift: result.drift.slice(),
  };
}
