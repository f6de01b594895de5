import { z } from 'zod';
import { bytesToBase64, base64ToBytes } from '../util/base64';

const WAYS = 4;

export const contextMemoryStateSchema = z.object({
  /** Keys and last-seen rows interleaved, base64 Uint32 (little-endian). */
  entries: z.string(),
});

/**
 * A bounded set of context hashes: `slots` entries in sets of four, each with the row it was last seen at. A new
 * context replaces the least recently seen entry of its set, so what has not recurred for longest is forgotten first
 * and the memory never grows. Key 0 marks an empty entry (hashes are made non-zero).
 */
export class ContextMemory {
  private readonly entries: Uint32Array;
  private readonly sets: number;

  constructor(
    readonly slots: number,
    saved?: z.output<typeof contextMemoryStateSchema>
  ) {
    this.sets = Math.max(1, Math.floor(slots / WAYS));
    this.entries = new Uint32Array(2 * this.sets * WAYS);
    if (saved) {
      const bytes = base64ToBytes(saved.entries);
      if (bytes.length !== this.entries.byteLength) {
        throw new Error(`context memory holds ${bytes.length} bytes, not ${this.entries.byteLength}`);
      }
      new Uint8Array(this.entries.buffer).set(bytes);
    }
  }

  /** Whether `key` (non-zero) is remembered; either way it is remembered as seen at `row` afterwards. */
  visit(key: number, row: number): boolean {
    const entries = this.entries;
    const base = 2 * WAYS * (key % this.sets);
    let oldest = base;
    for (let way = 0; way < WAYS; way++) {
      const at = base + 2 * way;
      if (entries[at] === key) {
        entries[at + 1] = row;
        return true;
      }
      if (entries[at + 1] < entries[oldest + 1]) {
        oldest = at;
      }
    }
    entries[oldest] = key;
    entries[oldest + 1] = row;
    return false;
  }

  toState(): z.input<typeof contextMemoryStateSchema> {
    return { entries: bytesToBase64(new Uint8Array(this.entries.buffer)) };
  }
}
