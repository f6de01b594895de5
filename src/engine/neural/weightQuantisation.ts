import { base64ToBytes, bytesToBase64 } from '../util/base64';

/** A weight tensor as 8-bit levels: weight i is level[i] x step (in float32). */
export interface QuantisedTensor {
  step: number;
  levels: Int8Array;
}

/**
 * Trained weights rounded to 255 levels per tensor (a float32 step of max|w| / 127), so the saved state
 * needs a byte per weight instead of four. The scorer runs on the rounded weights from the start, so a
 * restored detector scores exactly as the one that trained.
 */
export function quantiseWeights(weights: Float32Array): QuantisedTensor {
  let largest = 0;
  for (const w of weights) {
    largest = Math.max(largest, Math.abs(w));
  }
  const step = largest > 0 ? Math.fround(largest / 127) : 1;
  return { step, levels: Int8Array.from(weights, (w) => Math.max(-127, Math.min(127, Math.round(w / step)))) };
}

export function dequantiseWeights({ step, levels }: QuantisedTensor): Float32Array {
  return Float32Array.from(levels, (level) => Math.fround(level * step));
}

/** `q8:<step>:<base64 of the levels>`. */
export function encodeWeights({ step, levels }: QuantisedTensor): string {
  return `q8:${step}:${bytesToBase64(new Uint8Array(levels.buffer, levels.byteOffset, levels.byteLength))}`;
}

export function decodeWeights(text: string): QuantisedTensor {
  const match = /^q8:([^:]+):(.*)$/.exec(text);
  const step = match ? Number(match[1]) : NaN;
  if (!match || !(step > 0) || Math.fround(step) !== step) {
    throw new Error('neural weights are not 8-bit levels with a float32 step');
  }
  return { step, levels: new Int8Array(base64ToBytes(match[2]).slice().buffer) };
}
