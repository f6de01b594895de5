import { z } from 'zod';
import { Random } from '../util/random';
import { base64ToBytes, bytesToBase64 } from '../util/base64';
import { decodeVarints, encodeVarints } from '../util/varint';

export interface HalfSpaceTreesOptions {
  /** Number of trees (default 25). */
  trees?: number;
  /** Depth of each (complete) tree (default 6). */
  height?: number;
  /** Points per mass window; the reference profile is the last full window (default 250, at most 65535). */
  windowSize?: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** A node whose reference mass is below this ends the walk (default 0.1 x windowSize, as in the paper). */
  sizeLimit?: number;
}

export const halfSpaceTreesStateSchema = z.object({
  format: z.literal('vigil-half-space-trees'),
  /** 2: only leaf masses are saved (an inner node's mass is the sum of its children's), zero runs collapsed. */
  version: z.literal(2),
  dims: z.number().int().positive(),
  trees: z.number().int().positive(),
  height: z.number().int().positive().max(16),
  windowSize: z.number().int().positive().max(65535),
  seed: z.number(),
  sizeLimit: z.number(),
  lows: z.array(z.number()),
  highs: z.array(z.number()),
  reference: z.string(),
  latest: z.string(),
  seen: z.number().int().nonnegative(),
  referenceReady: z.boolean(),
});
export type HalfSpaceTreesState = z.infer<typeof halfSpaceTreesStateSchema>;

/**
 * Streaming Half-Space Trees (Tan, Ting & Liu 2011). Each tree halves a random dimension of its
 * work space at every level. A node counts how many points of the last full window reached it
 * (reference mass) and of the current window (latest mass); at the end of each window latest
 * becomes reference. Sparse regions have low mass, so low mass x 2^depth means anomalous.
 * Trees are complete, stored level by level (children of node k are 2k+1 and 2k+2); their
 * dimensions and split values follow from the seed and the work space, so state is just masses.
 */
export class HalfSpaceTrees {
  readonly trees: number;
  readonly height: number;
  readonly windowSize: number;
  readonly seed: number;
  readonly sizeLimit: number;
  private readonly nodesPerTree: number;
  private readonly splitDim: Uint8Array;
  private readonly splitValue: Float64Array;
  private reference: Uint16Array;
  private latest: Uint16Array;
  private seen = 0;
  private referenceReady = false;

  constructor(
    readonly dims: number,
    /** Lower and upper ends of each dimension's work space (e.g. the training range). */
    private readonly lows: number[],
    private readonly highs: number[],
    options: HalfSpaceTreesOptions = {}
  ) {
    this.trees = options.trees ?? 25;
    this.height = options.height ?? 6;
    this.windowSize = options.windowSize ?? 250;
    this.seed = options.seed ?? 1;
    this.sizeLimit = options.sizeLimit ?? 0.1 * this.windowSize;
    if (!Number.isInteger(dims) || dims < 1 || dims > 255 || lows.length !== dims || highs.length !== dims) {
      throw new RangeError(`half-space trees: need 1..255 dims with a low and high each, got ${dims}`);
    }
    if (!Number.isInteger(this.height) || this.height < 1 || this.height > 16) {
      throw new RangeError(`half-space trees: height must be an integer in 1..16, got ${this.height}`);
    }
    if (!Number.isInteger(this.windowSize) || this.windowSize < 1 || this.windowSize > 65535) {
      throw new RangeError(`half-space trees: windowSize must be an integer in 1..65535, got ${this.windowSize}`);
    }
    this.nodesPerTree = 2 ** (this.height + 1) - 1;
    const total = this.trees * this.nodesPerTree;
    this.splitDim = new Uint8Array(total);
    this.splitValue = new Float64Array(total);
    this.reference = new Uint16Array(total);
    this.latest = new Uint16Array(total);
    this.buildTrees();
  }

  /** Work space per tree as in the paper: a random point s in [low, high], range s +- 2 max(s - low, high - s). */
  private buildTrees(): void {
    const random = new Random(this.seed);
    const low = new Float64Array(this.dims);
    const high = new Float64Array(this.dims);
    const innerCount = 2 ** this.height - 1;
    for (let t = 0; t < this.trees; t++) {
      for (let d = 0; d < this.dims; d++) {
        const span = this.highs[d] - this.lows[d];
        const width = Number.isFinite(span) && span > 0 ? span : 1;
        const s = this.lows[d] + random.next() * width;
        const radius = 2 * Math.max(s - this.lows[d], this.lows[d] + width - s);
        low[d] = s - radius;
        high[d] = s + radius;
      }
      this.buildNode(t * this.nodesPerTree, 0, innerCount, random, low, high);
    }
  }

  private buildNode(
    base: number,
    node: number,
    innerCount: number,
    random: Random,
    low: Float64Array,
    high: Float64Array
  ): void {
    if (node >= innerCount) {
      return;
    }
    const dim = random.nextInt(this.dims);
    const middle = (low[dim] + high[dim]) / 2;
    this.splitDim[base + node] = dim;
    this.splitValue[base + node] = middle;
    const savedHigh = high[dim];
    high[dim] = middle;
    this.buildNode(base, 2 * node + 1, innerCount, random, low, high);
    high[dim] = savedHigh;
    const savedLow = low[dim];
    low[dim] = middle;
    this.buildNode(base, 2 * node + 2, innerCount, random, low, high);
    low[dim] = savedLow;
  }

  /**
   * Anomaly score in [0,1] of a point (before it is learned): 1 / (1 + d), where d is the reference
   * mass x 2^depth at the node where each tree's walk ends, averaged over trees, over windowSize.
   * Before the first window is complete there is no reference: the score is 0.
   */
  score(point: ArrayLike<number>, offset = 0): number {
    if (!this.referenceReady) {
      return 0;
    }
    const innerCount = 2 ** this.height - 1;
    let total = 0;
    for (let t = 0; t < this.trees; t++) {
      const base = t * this.nodesPerTree;
      let node = 0;
      let depth = 0;
      while (node < innerCount && this.reference[base + node] >= this.sizeLimit) {
        node = point[offset + this.splitDim[base + node]] < this.splitValue[base + node] ? 2 * node + 1 : 2 * node + 2;
        depth++;
      }
      total += this.reference[base + node] * 2 ** depth;
    }
    // Mass x 2^depth, averaged over trees and divided by the window, is a relative density (1 for
    // an average region of a uniform stream); 1 / (1 + density) puts empty regions at 1, average ones at 0.5.
    const density = total / (this.trees * this.windowSize);
    return 1 / (1 + density);
  }

  /** Counts the point in the latest window; swaps windows every windowSize points. */
  learn(point: ArrayLike<number>, offset = 0): void {
    const innerCount = 2 ** this.height - 1;
    for (let t = 0; t < this.trees; t++) {
      const base = t * this.nodesPerTree;
      let node = 0;
      for (;;) {
        this.latest[base + node]++;
        if (node >= innerCount) {
          break;
        }
        node = point[offset + this.splitDim[base + node]] < this.splitValue[base + node] ? 2 * node + 1 : 2 * node + 2;
      }
    }
    this.seen++;
    if (this.seen === this.windowSize) {
      const swap = this.reference;
      this.reference = this.latest;
      this.latest = swap;
      this.latest.fill(0);
      this.seen = 0;
      this.referenceReady = true;
    }
  }

  /** Scores the point, then learns it. */
  scoreAndLearn(point: ArrayLike<number>, offset = 0): number {
    const score = this.score(point, offset);
    this.learn(point, offset);
    return score;
  }

  toState(): HalfSpaceTreesState {
    return {
      format: 'vigil-half-space-trees',
      version: 2,
      dims: this.dims,
      trees: this.trees,
      height: this.height,
      windowSize: this.windowSize,
      seed: this.seed,
      sizeLimit: this.sizeLimit,
      lows: [...this.lows],
      highs: [...this.highs],
      reference: this.encodeLeaves(this.reference),
      latest: this.encodeLeaves(this.latest),
      seen: this.seen,
      referenceReady: this.referenceReady,
    };
  }

  static fromState(input: unknown): HalfSpaceTrees {
    const state = halfSpaceTreesStateSchema.parse(input);
    const trees = new HalfSpaceTrees(state.dims, state.lows, state.highs, state);
    trees.reference = trees.decodeLeaves(state.reference);
    trees.latest = trees.decodeLeaves(state.latest);
    trees.seen = state.seen;
    trees.referenceReady = state.referenceReady;
    return trees;
  }
  /** Leaf masses, tree by tree, as varints with each run of zeros as 0 and its length. */
  private encodeLeaves(masses: Uint16Array): string {
    const innerCount = 2 ** this.height - 1;
    const out: number[] = [];
    let zeros = 0;
    for (let t = 0; t < this.trees; t++) {
      for (let node = innerCount; node < this.nodesPerTree; node++) {
        const mass = masses[t * this.nodesPerTree + node];
        if (mass === 0) {
          zeros++;
          continue;
        }
        if (zeros > 0) {
          out.push(0, zeros);
          zeros = 0;
        }
        out.push(mass);
      }
    }
    if (zeros > 0) {
      out.push(0, zeros);
    }
    return bytesToBase64(encodeVarints(out));
  }

  private decodeLeaves(text: string): Uint16Array {
    const innerCount = 2 ** this.height - 1;
    const leafCount = this.nodesPerTree - innerCount;
    const leaves = new Uint16Array(this.trees * leafCount);
    const numbers = decodeVarints(base64ToBytes(text));
    let filled = 0;
    for (let i = 0; i < numbers.length && filled <= leaves.length; i++) {
      if (numbers[i] === 0) {
        // A run of empty leaves: the typed array is already zero there.
        filled += numbers[++i] > 0 ? numbers[i] : Infinity;
      } else if (numbers[i] > 0 && numbers[i] <= this.windowSize && filled < leaves.length) {
        leaves[filled++] = numbers[i];
      } else {
        filled = Infinity;
      }
    }
    if (filled !== leaves.length) {
      throw new Error(`half-space trees state: expected ${leaves.length} leaf masses in 0..${this.windowSize}`);
    }
    const masses = new Uint16Array(this.trees * this.nodesPerTree);
    for (let t = 0; t < this.trees; t++) {
      const base = t * this.nodesPerTree;
      masses.set(leaves.subarray(t * leafCount, (t + 1) * leafCount), base + innerCount);
      for (let node = innerCount - 1; node >= 0; node--) {
        masses[base + node] = masses[base + 2 * node + 1] + masses[base + 2 * node + 2];
      }
    }
    return masses;
  }
}
