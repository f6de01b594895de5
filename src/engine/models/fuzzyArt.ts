import { z } from 'zod';
import { base64ToBytes, bytesToBase64 } from '../util/base64';
import { decodeExact, encodeExact } from '../util/exactNumbers';

/** Choice parameter of fuzzy ART: a small constant that prefers the smaller of two boxes that fit equally well. */
const CHOICE_ALPHA = 1e-3;

export const fuzzyArtStateSchema = z.object({
  /** Per category, `dim` lower then `dim` upper box corners in levels (base64 bytes). */
  boxes: z.string(),
  /** Per category, the step at which it last resonated or was created (encodeExact). */
  lastUsed: z.string(),
});

/** What presenting one input did: its best match over the categories and whether a new category was needed. */
export interface Resonance {
  /** 1 - (L1 size of the smallest category box grown to hold the input) / (dim x levels); 0 with no category. */
  match: number;
  /** No category resonated (every match below the vigilance): the input became a category of its own. */
  created: boolean;
}

/**
 * A fuzzy ART network (Carpenter, Grossberg and Rosen) with complement coding and fast learning, on inputs of
 * `dim` integer levels in [0, levels]. With complement coding each category is a box in input space (its lower and
 * upper corners); an input's match with a category is 1 minus the L1 size of that box grown to hold the input,
 * relative to the whole space. The categories that match at least the vigilance resonate; the one of them with the
 * highest choice value (match over the box's own complement size) learns the input by growing its box to hold it.
 * When none resonates, the input becomes a new category, a box of size 0. At most `capacity` categories are kept:
 * a new one then replaces the category that resonated least recently, so the network forgets what the series stopped
 * doing and its memory and cost stay bounded. Integers throughout: restored networks behave bit for bit the same.
 */
export class FuzzyArt {
  /** Category c's lower corner at [2 c dim, (2 c + 1) dim), its upper corner right after. */
  private readonly boxes: Uint8Array;
  private readonly lastUsed: Float64Array;
  private count = 0;
  private readonly span: number;

  constructor(
    readonly dim: number,
    readonly levels: number,
    readonly capacity: number,
    saved?: z.output<typeof fuzzyArtStateSchema>
  ) {
    this.boxes = new Uint8Array(2 * dim * capacity);
    this.lastUsed = new Float64Array(capacity);
    this.span = dim * levels;
    if (!saved) {
      return;
    }
    const boxes = base64ToBytes(saved.boxes);
    const lastUsed = decodeExact(saved.lastUsed);
    if (boxes.length !== 2 * dim * lastUsed.length || lastUsed.length > capacity) {
      throw new Error(`${lastUsed.length} categories of ${boxes.length} bytes do not fit ${capacity} of ${dim} inputs`);
    }
    for (let k = 0; k < boxes.length; k++) {
      if (boxes[k] > levels) {
        throw new Error(`a category corner is at level ${boxes[k]}, above ${levels}`);
      }
      const lower = k % (2 * dim) < dim;
      if (lower && boxes[k] > boxes[k + dim]) {
        throw new Error(`a category box has its lower corner above its upper one (input ${k % dim})`);
      }
    }
    this.boxes.set(boxes);
    this.lastUsed.set(lastUsed);
    this.count = lastUsed.length;
  }

  get categories(): number {
    return this.count;
  }

  /** Presents `input` (dim levels in [0, levels]) at `step`, learning it; see the class comment. */
  present(input: Uint8Array, vigilance: number, step: number): Resonance {
    const { dim, span, boxes } = this;
    // Grown boxes larger than this do not resonate.
    const largest = (1 - vigilance) * span;
    let smallestGrown = Infinity;
    let chosen = -1;
    let chosenChoice = -Infinity;
    for (let c = 0; c < this.count; c++) {
      const lower = 2 * c * dim;
      const upper = lower + dim;
      let size = 0;
      let grown = 0;
      for (let i = 0; i < dim; i++) {
        const low = boxes[lower + i];
        const high = boxes[upper + i];
        const x = input[i];
        size += high - low;
        grown += (x > high ? x : high) - (x < low ? x : low);
      }
      if (grown < smallestGrown) {
        smallestGrown = grown;
      }
      if (grown <= largest) {
        const choice = (span - grown) / (CHOICE_ALPHA + span - size);
        if (choice > chosenChoice) {
          chosenChoice = choice;
          chosen = c;
        }
      }
    }
    const match = this.count === 0 ? 0 : 1 - smallestGrown / span;
    if (chosen >= 0) {
      this.learn(chosen, input, step);
      return { match, created: false };
    }
    this.create(input, step);
    return { match, created: true };
  }

  toState(): z.input<typeof fuzzyArtStateSchema> {
    return {
      boxes: bytesToBase64(this.boxes.subarray(0, 2 * this.dim * this.count)),
      lastUsed: encodeExact(this.lastUsed.subarray(0, this.count)),
    };
  }

  private learn(category: number, input: Uint8Array, step: number): void {
    const lower = 2 * category * this.dim;
    const upper = lower + this.dim;
    for (let i = 0; i < this.dim; i++) {
      const x = input[i];
      if (x < this.boxes[lower + i]) {
        this.boxes[lower + i] = x;
      }
      if (x > this.boxes[upper + i]) {
        this.boxes[upper + i] = x;
      }
    }
    this.lastUsed[category] = step;
  }

  private create(input: Uint8Array, step: number): void {
    let category = this.count;
    if (this.count < this.capacity) {
      this.count++;
    } else {
      category = 0;
      for (let c = 1; c < this.count; c++) {
        if (this.lastUsed[c] < this.lastUsed[category]) {
          category = c;
        }
      }
    }
    const lower = 2 * category * this.dim;
    this.boxes.set(input.subarray(0, this.dim), lower);
    this.boxes.set(input.subarray(0, this.dim), lower + this.dim);
    this.lastUsed[category] = step;
  }
}
