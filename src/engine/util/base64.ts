const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) {
  LOOKUP[ALPHABET.charCodeAt(i)] = i;
}

/** Standard base64 of raw bytes; used to keep typed arrays compact (and exact) in JSON state. */
export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i];
    const b1 = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const b2 = i + 2 < bytes.length ? bytes[i + 2] : 0;
    chunk += ALPHABET[b0 >> 2] + ALPHABET[((b0 & 3) << 4) | (b1 >> 4)];
    chunk += i + 1 < bytes.length ? ALPHABET[((b1 & 15) << 2) | (b2 >> 6)] : '=';
    chunk += i + 2 < bytes.length ? ALPHABET[b2 & 63] : '=';
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

export function base64ToBytes(text: string): Uint8Array {
  if (text.length % 4 !== 0) {
    throw new Error('base64 text length must be a multiple of 4');
  }
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let out = 0;
  for (let i = 0; i < text.length; i += 4) {
    const c0 = LOOKUP[text.charCodeAt(i)] ?? -1;
    const c1 = LOOKUP[text.charCodeAt(i + 1)] ?? -1;
    const c2 = text[i + 2] === '=' ? 0 : (LOOKUP[text.charCodeAt(i + 2)] ?? -1);
    const c3 = text[i + 3] === '=' ? 0 : (LOOKUP[text.charCodeAt(i + 3)] ?? -1);
    if (c0 < 0 || c1 < 0 || c2 < 0 || c3 < 0) {
      throw new Error(`invalid base64 character near offset ${i}`);
    }
    const triple = (c0 << 18) | (c1 << 12) | (c2 << 6) | c3;
    if (out < bytes.length) {
      bytes[out++] = triple >> 16;
    }
    if (out < bytes.length) {
      bytes[out++] = (triple >> 8) & 255;
    }
    if (out < bytes.length) {
      bytes[out++] = triple & 255;
    }
  }
  return bytes;
}

export function float64ToBase64(values: Float64Array): string {
  return viewToBase64(values);
}

export function base64ToFloat64(text: string): Float64Array {
  return new Float64Array(elementBytes(text, 8, 'float64'));
}

export function float32ToBase64(values: Float32Array): string {
  return viewToBase64(values);
}

export function base64ToFloat32(text: string): Float32Array {
  return new Float32Array(elementBytes(text, 4, 'float32'));
}

/** The view's own bytes (not the rest of its buffer) as base64. */
function viewToBase64(view: ArrayBufferView): string {
  return bytesToBase64(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
}

/** The decoded bytes in a fresh buffer, aligned for elements of `size` bytes; throws when they do not divide. */
function elementBytes(text: string, size: number, name: string): ArrayBufferLike {
  const bytes = base64ToBytes(text);
  if (bytes.length % size !== 0) {
    throw new Error(`${name} data length must be a multiple of ${size} bytes`);
  }
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
}
