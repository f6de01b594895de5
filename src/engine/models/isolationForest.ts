import { z } from 'zod';
import { Random } from '../util/random';
import { base64ToBytes, base64ToFloat64, bytesToBase64, float64ToBase64 } from '../util/base64';
import { upperBound } from '../util/sortedSearch';
import { averagePathLength } from './averagePathLength';

export interface IsolationForestOptions {
  /** Number of trees (default 100). */
  trees?: number;
  /** Points drawn (without replacement) per tree; capped at the data size (default 256). */
  sampleSize?: number;
  /** PRNG seed (default 1). */
  seed?: number;
}

const LEAF = -1;
const SCORE_BLOCK_ROWS = 256;

export const isolationForestJsonSchema = z.object({
  format: z.literal('vigil-isolation-forest'),
  version: z.literal(1),
  dims: z.number().int().positive(),
  trees: z.number().int().positive(),
  sampleSize: z.number().int().positive(),
  seed: z.number(),
  roots: z.string(),
  feature: z.string(),
  threshold: z.string(),
  left: z.string(),
});
export type IsolationForestJson = z.infer<typeof isolationForestJsonSchema>;

/**
 * Isolation forest over row-major Float64Array data (n rows x dims). Trees live in flat arrays:
 * a node is a leaf when feature[node] = -1 (threshold then holds its path length, depth + c(size));
 * otherwise x[feature] < threshold goes to left[node] and anything else to left[node] + 1.
 */
export class IsolationForest {
  private line: { breaks: Float64Array; pathSums: Float64Array } | undefined;
  private walk: Walk | undefined;

  private constructor(
    readonly dims: number,
    readonly trees: number,
    readonly sampleSize: number,
    readonly seed: number,
    private readonly roots: Int32Array,
    private readonly feature: Int8Array,
    private readonly threshold: Float64Array,
    private readonly left: Int32Array
  ) {
    this.normaliser = averagePathLength(sampleSize);
  }

  private readonly normaliser: number;

  /** Bytes held by the node arrays (and the 1-D step table once built). */
  get byteLength(): number {
    const line = this.line ? this.line.breaks.byteLength + this.line.pathSums.byteLength : 0;
    return this.roots.byteLength + this.feature.byteLength + this.threshold.byteLength + this.left.byteLength + line;
  }

  /** Number of nodes over all trees. */
  get nodeCount(): number {
    return this.feature.length;
  }

  static fit(data: Float64Array, dims: number, options: IsolationForestOptions = {}): IsolationForest {
    const trees = options.trees ?? 100;
    const seed = options.seed ?? 1;
    if (!Number.isInteger(dims) || dims < 1 || dims > 127) {
      throw new RangeError(`isolation forest: dims must be an integer in 1..127, got ${dims}`);
    }
    if (data.length % dims !== 0) {
      throw new RangeError(`isolation forest: data length ${data.length} is not a multiple of dims ${dims}`);
    }
    const n = data.length / dims;
    if (n < 1) {
      throw new RangeError('isolation forest: cannot fit on empty data');
    }
    if (!Number.isInteger(trees) || trees < 1) {
      throw new RangeError(`isolation forest: trees must be a positive integer, got ${trees}`);
    }
    const requested = options.sampleSize ?? 256;
    if (!Number.isInteger(requested) || requested < 1) {
      throw new RangeError(`isolation forest: sampleSize must be a positive integer, got ${requested}`);
    }
    const sampleSize = Math.min(requested, n);
    const builder = new ForestBuilder(data, dims, n, sampleSize, trees, new Random(seed));
    const roots = new Int32Array(trees);
    for (let t = 0; t < trees; t++) {
      roots[t] = builder.growTree();
    }
    const built = builder.finish();
    return new IsolationForest(dims, trees, sampleSize, seed, roots, built.feature, built.threshold, built.left);
  }

  /**
   * Summed path length over the trees of one row (offset = row * dims). Four trees are walked side
   * by side (independent load chains overlap); their leaves are added in tree order.
   */
  private pathSum(data: ArrayLike<number>, offset: number): number {
    const { roots } = this;
    const walk = this.walkOf();
    const { link, split, leafValue, depth } = walk;
    const treeCount = roots.length;
    let total = 0;
    let t = 0;
    for (; t + 3 < treeCount; t += 4) {
      let n0 = roots[t];
      let n1 = roots[t + 1];
      let n2 = roots[t + 2];
      let n3 = roots[t + 3];
      const levels = Math.max(depth[t], depth[t + 1], depth[t + 2], depth[t + 3]);
      for (let level = 0; level < levels; level++) {
        const l0 = link[n0];
        const l1 = link[n1];
        const l2 = link[n2];
        const l3 = link[n3];
        n0 = (l0 >> LINK_SHIFT) + +!(data[offset + (l0 & LINK_MASK)] < split[n0]);
        n1 = (l1 >> LINK_SHIFT) + +!(data[offset + (l1 & LINK_MASK)] < split[n1]);
        n2 = (l2 >> LINK_SHIFT) + +!(data[offset + (l2 & LINK_MASK)] < split[n2]);
        n3 = (l3 >> LINK_SHIFT) + +!(data[offset + (l3 & LINK_MASK)] < split[n3]);
      }
      total += leafValue[n0];
      total += leafValue[n1];
      total += leafValue[n2];
      total += leafValue[n3];
    }
    for (; t < treeCount; t++) {
      total += leafValue[walkFrom(walk, data, offset, roots[t], depth[t])];
    }
    return total;
  }

  private walkOf(): Walk {
    return this.walk ?? (this.walk = buildWalk(this.feature, this.threshold, this.left, this.roots));
  }

  /** Anomaly score in [0,1] of one row: 2^(-E[h(x)] / c(sampleSize)). */
  scoreOne(data: ArrayLike<number>, offset = 0): number {
    return this.toScore(this.pathSum(data, offset) / this.roots.length);
  }

  private toScore(meanPath: number): number {
    return this.normaliser > 0 ? Math.pow(2, -meanPath / this.normaliser) : 0.5;
  }

  /** Scores every row of `data` into `out` (length >= rows); allocates nothing per point. */
  scoreInto(data: Float64Array, out: Float64Array): Float64Array {
    const dims = this.dims;
    const rows = data.length / dims;
    if (!Number.isInteger(rows)) {
      throw new RangeError(`isolation forest: data length ${data.length} is not a multiple of dims ${dims}`);
    }
    if (out.length < rows) {
      throw new RangeError(`isolation forest: output holds ${out.length} scores, needs ${rows}`);
    }
    if (dims === 1) {
      this.scoreLine(data, out, rows);
    } else {
      this.scoreBlocks(data, out, rows);
    }
    return out;
  }

  /**
   * Tree walks over blocks of rows, so a block stays in cache while every tree visits it. A walk
   * is a chain of dependent loads, so four rows walk each tree side by side (the CPU overlaps the
   * chains), each for exactly the tree's depth: leaves step onto themselves (see `walk`). Path
   * lengths are summed in tree order, as `scoreOne` does, so both give identical scores.
   */
  private scoreBlocks(data: Float64Array, out: Float64Array, rows: number): void {
    const { roots, dims } = this;
    const walk = this.walkOf();
    const { link, split, leafValue, depth } = walk;
    const treeCount = roots.length;
    for (let blockStart = 0; blockStart < rows; blockStart += SCORE_BLOCK_ROWS) {
      const blockEnd = Math.min(rows, blockStart + SCORE_BLOCK_ROWS);
      out.fill(0, blockStart, blockEnd);
      for (let t = 0; t < treeCount; t++) {
        const root = roots[t];
        const levels = depth[t];
        let i = blockStart;
        let o0 = blockStart * dims;
        for (; i + 3 < blockEnd; i += 4, o0 += 4 * dims) {
          const o1 = o0 + dims;
          const o2 = o1 + dims;
          const o3 = o2 + dims;
          let n0 = root;
          let n1 = root;
          let n2 = root;
          let n3 = root;
          for (let level = 0; level < levels; level++) {
            const l0 = link[n0];
            const l1 = link[n1];
            const l2 = link[n2];
            const l3 = link[n3];
            n0 = (l0 >> LINK_SHIFT) + +!(data[o0 + (l0 & LINK_MASK)] < split[n0]);
            n1 = (l1 >> LINK_SHIFT) + +!(data[o1 + (l1 & LINK_MASK)] < split[n1]);
            n2 = (l2 >> LINK_SHIFT) + +!(data[o2 + (l2 & LINK_MASK)] < split[n2]);
            n3 = (l3 >> LINK_SHIFT) + +!(data[o3 + (l3 & LINK_MASK)] < split[n3]);
          }
          out[i] += leafValue[n0];
          out[i + 1] += leafValue[n1];
          out[i + 2] += leafValue[n2];
          out[i + 3] += leafValue[n3];
        }
        for (; i < blockEnd; i++, o0 += dims) {
          out[i] += leafValue[walkFrom(walk, data, o0, root, levels)];
        }
      }
      for (let i = blockStart; i < blockEnd; i++) {
        out[i] = this.toScore(out[i] / treeCount);
      }
    }
  }

  /**
   * One feature: the forest is a step function of x. Its steps (every split value, sorted) and
   * the summed path length of each step are built once; a point then costs one binary search.
   */
  private scoreLine(data: Float64Array, out: Float64Array, rows: number): void {
    const line = this.line ?? (this.line = this.buildLine());
    const { breaks, pathSums } = line;
    const treeCount = this.roots.length;
    for (let i = 0; i < rows; i++) {
      const x = data[i];
      // Number of breaks <= x: that is the step x falls in (a walk goes left while x < split).
      out[i] = this.toScore(pathSums[x !== x ? breaks.length : upperBound(breaks, x)] / treeCount);
    }
  }

  private buildLine(): { breaks: Float64Array; pathSums: Float64Array } {
    const { feature, threshold, left, roots } = this;
    const splits: number[] = [];
    for (let node = 0; node < feature.length; node++) {
      if (feature[node] !== LEAF) {
        splits.push(threshold[node]);
      }
    }
    const sorted = Float64Array.from(splits).sort();
    let unique = 0;
    for (let i = 0; i < sorted.length; i++) {
      if (i === 0 || sorted[i] !== sorted[unique - 1]) {
        sorted[unique++] = sorted[i];
      }
    }
    const breaks = sorted.slice(0, unique);
    const pathSums = new Float64Array(unique + 1);
    // Step k covers [breaks[k-1], breaks[k]). Each leaf covers a run of steps; adding leaf values
    // tree by tree sums every step in the same order as a walk does, so results are identical.
    const pending: Array<[number, number, number]> = [];
    for (let t = 0; t < roots.length; t++) {
      pending.push([roots[t], 0, unique]);
      while (pending.length > 0) {
        const [node, firstStep, lastStep] = pending.pop()!;
        if (feature[node] === LEAF) {
          for (let k = firstStep; k <= lastStep; k++) {
            pathSums[k] += threshold[node];
          }
          continue;
        }
        const splitStep = upperBound(breaks, threshold[node]);
        pending.push([left[node], firstStep, splitStep - 1], [left[node] + 1, splitStep, lastStep]);
      }
    }
    return { breaks, pathSums };
  }

  score(data: Float64Array): Float64Array {
    return this.scoreInto(data, new Float64Array(data.length / this.dims));
  }

  /** The full model (every node), for caches that want to skip refitting. */
  toJSON(): IsolationForestJson {
    return {
      format: 'vigil-isolation-forest',
      version: 1,
      dims: this.dims,
      trees: this.trees,
      sampleSize: this.sampleSize,
      seed: this.seed,
      roots: bytesToBase64(new Uint8Array(this.roots.buffer)),
      feature: bytesToBase64(new Uint8Array(this.feature.buffer)),
      threshold: float64ToBase64(this.threshold),
      left: bytesToBase64(new Uint8Array(this.left.buffer)),
    };
  }

  static fromJSON(input: unknown): IsolationForest {
    const json = isolationForestJsonSchema.parse(input);
    const roots = new Int32Array(base64ToBytes(json.roots).slice().buffer);
    const feature = new Int8Array(base64ToBytes(json.feature).slice().buffer);
    const threshold = base64ToFloat64(json.threshold);
    const left = new Int32Array(base64ToBytes(json.left).slice().buffer);
    const nodes = feature.length;
    if (roots.length !== json.trees || threshold.length !== nodes || left.length !== nodes) {
      throw new Error('isolation forest JSON: node arrays disagree in length');
    }
    for (let i = 0; i < nodes; i++) {
      if (feature[i] !== LEAF && (feature[i] < 0 || feature[i] >= json.dims || left[i] <= i || left[i] + 1 >= nodes)) {
        throw new Error(`isolation forest JSON: node ${i} is malformed`);
      }
    }
    return new IsolationForest(json.dims, json.trees, json.sampleSize, json.seed, roots, feature, threshold, left);
  }
}

/** A walk step's link holds the next node and the feature column: next << LINK_SHIFT | column. */
const LINK_SHIFT = 7;
const LINK_MASK = (1 << LINK_SHIFT) - 1;

/**
 * The forest re-encoded for fixed-length walks: the next node is (link >> LINK_SHIFT) + (x >= split
 * ? 1 : 0), with x the row's value in column link & LINK_MASK (one load instead of two per step).
 * A leaf's split is NaN (every comparison is false) and its next is itself minus one, so a walk
 * that reached a leaf stays there; `depth[t]` is the deepest leaf of tree t.
 */
interface Walk {
  link: Int32Array;
  split: Float64Array;
  leafValue: Float64Array;
  depth: Int32Array;
}

function buildWalk(feature: Int8Array, threshold: Float64Array, left: Int32Array, roots: Int32Array): Walk {
  const nodes = feature.length;
  if (nodes >= 1 << (31 - LINK_SHIFT)) {
    throw new RangeError(`isolation forest: ${nodes} nodes are more than the walk encoding holds`);
  }
  const walk: Walk = {
    link: new Int32Array(nodes),
    split: new Float64Array(nodes),
    leafValue: new Float64Array(nodes),
    depth: new Int32Array(roots.length),
  };
  // Children are always stored after their parent, and each tree's nodes follow its root.
  const nodeDepth = new Int32Array(nodes);
  let tree = -1;
  for (let node = 0; node < nodes; node++) {
    while (tree + 1 < roots.length && roots[tree + 1] <= node) {
      tree++;
    }
    if (feature[node] === LEAF) {
      walk.link[node] = (node - 1) * (LINK_MASK + 1);
      walk.split[node] = NaN;
      walk.leafValue[node] = threshold[node];
      walk.depth[tree] = Math.max(walk.depth[tree], nodeDepth[node]);
    } else {
      walk.link[node] = left[node] * (LINK_MASK + 1) + feature[node];
      walk.split[node] = threshold[node];
      nodeDepth[left[node]] = nodeDepth[node] + 1;
      nodeDepth[left[node] + 1] = nodeDepth[node] + 1;
    }
  }
  return walk;
}

/** The node one row's walk from `node` reaches after `levels` steps (a leaf, once `levels` is the tree's depth). */
function walkFrom(walk: Walk, data: ArrayLike<number>, offset: number, node: number, levels: number): number {
  const { link, split } = walk;
  let at = node;
  for (let level = 0; level < levels; level++) {
    const l = link[at];
    at = (l >> LINK_SHIFT) + +!(data[offset + (l & LINK_MASK)] < split[at]);
  }
  return at;
}

/** Grows trees into shared growable flat arrays, with an explicit stack (no recursion). */
class ForestBuilder {
  private feature: Int8Array;
  private threshold: Float64Array;
  private left: Int32Array;
  private size = 0;
  private readonly permutation: Int32Array;
  private readonly sample: Int32Array;
  private readonly heightLimit: number;
  /** c(size) for every leaf size up to the sub-sample. */
  private readonly pathLengths: Float64Array;
  /** Feature order for the current node's random search. */
  private readonly order: Int32Array;
  // Work stack of pending nodes: node id, start, end (into sample), depth.
  private readonly stackNode: Int32Array;
  private readonly stackStart: Int32Array;
  private readonly stackEnd: Int32Array;
  private readonly stackDepth: Int32Array;

  constructor(
    private readonly data: Float64Array,
    private readonly dims: number,
    private readonly n: number,
    private readonly sampleSize: number,
    trees: number,
    private readonly random: Random
  ) {
    this.heightLimit = Math.ceil(Math.log2(Math.max(sampleSize, 2)));
    // Trees of 256 points have about 160 nodes: room for 256 per tree rarely needs to grow.
    const capacity = trees * Math.min(2 * sampleSize - 1, 256);
    this.pathLengths = Float64Array.from({ length: sampleSize + 1 }, (_, size) => averagePathLength(size));
    this.feature = new Int8Array(capacity);
    this.threshold = new Float64Array(capacity);
    this.left = new Int32Array(capacity);
    this.permutation = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      this.permutation[i] = i;
    }
    this.sample = new Int32Array(sampleSize);
    this.order = Int32Array.from({ length: dims }, (_, f) => f);
    const stackSize = this.heightLimit * 2 + 4;
    this.stackNode = new Int32Array(stackSize);
    this.stackStart = new Int32Array(stackSize);
    this.stackEnd = new Int32Array(stackSize);
    this.stackDepth = new Int32Array(stackSize);
  }

  private allocate(count: number): number {
    if (this.size + count > this.feature.length) {
      const capacity = Math.max(this.feature.length * 2, this.size + count);
      const feature = new Int8Array(capacity);
      feature.set(this.feature);
      const threshold = new Float64Array(capacity);
      threshold.set(this.threshold);
      const left = new Int32Array(capacity);
      left.set(this.left);
      this.feature = feature;
      this.threshold = threshold;
      this.left = left;
    }
    const first = this.size;
    this.size += count;
    return first;
  }

  /** Draws a sub-sample without replacement (partial Fisher-Yates) and grows one tree; returns its root. */
  growTree(): number {
    const { permutation, sample, sampleSize, n, random } = this;
    for (let i = 0; i < sampleSize; i++) {
      const j = i + random.nextInt(n - i);
      const swap = permutation[i];
      permutation[i] = permutation[j];
      permutation[j] = swap;
      sample[i] = permutation[i];
    }
    const root = this.allocate(1);
    let top = 0;
    this.stackNode[top] = root;
    this.stackStart[top] = 0;
    this.stackEnd[top] = sampleSize;
    this.stackDepth[top] = 0;
    top++;
    while (top > 0) {
      top--;
      const node = this.stackNode[top];
      const start = this.stackStart[top];
      const end = this.stackEnd[top];
      const depth = this.stackDepth[top];
      const count = end - start;
      if (depth >= this.heightLimit || count <= 1 || !this.split(node, start, end)) {
        this.feature[node] = LEAF;
        this.threshold[node] = depth + this.pathLengths[count];
        continue;
      }
      const middle = this.partition(this.feature[node], this.threshold[node], start, end);
      const children = this.allocate(2);
      this.left[node] = children;
      this.stackNode[top] = children;
      this.stackStart[top] = start;
      this.stackEnd[top] = middle;
      this.stackDepth[top] = depth + 1;
      top++;
      this.stackNode[top] = children + 1;
      this.stackStart[top] = middle;
      this.stackEnd[top] = end;
      this.stackDepth[top] = depth + 1;
      top++;
    }
    return root;
  }

  /**
   * Chooses a feature uniformly among those not constant on the node (trying features in a random
   * order, so only the tried ones are scanned) and a split value uniform in its range; false when
   * every feature is constant.
   */
  private split(node: number, start: number, end: number): boolean {
    const { data, dims, sample, order } = this;
    for (let k = 0; k < dims; k++) {
      const pick = k + (dims - k > 1 ? this.random.nextInt(dims - k) : 0);
      const f = order[pick];
      order[pick] = order[k];
      order[k] = f;
      let min = Infinity;
      let max = -Infinity;
      for (let i = start; i < end; i++) {
        const x = data[sample[i] * dims + f];
        if (x < min) {
          min = x;
        }
        if (x > max) {
          max = x;
        }
      }
      if (max > min) {
        let value = min + this.random.next() * (max - min);
        // The split must separate: at least the minimum goes left, at least the maximum goes right.
        if (!(value > min) || !(value <= max)) {
          value = max;
        }
        this.feature[node] = f;
        this.threshold[node] = value;
        return true;
      }
    }
    return false;
  }

  /** Moves rows with x[f] < value to the front of [start, end); returns the first index of the rest. */
  private partition(f: number, value: number, start: number, end: number): number {
    const { data, dims, sample } = this;
    let i = start;
    let j = end - 1;
    while (i <= j) {
      if (data[sample[i] * dims + f] < value) {
        i++;
      } else {
        const swap = sample[i];
        sample[i] = sample[j];
        sample[j] = swap;
        j--;
      }
    }
    return i;
  }

  finish(): { feature: Int8Array; threshold: Float64Array; left: Int32Array } {
    return {
      feature: this.feature.slice(0, this.size),
      threshold: this.threshold.slice(0, this.size),
      left: this.left.slice(0, this.size),
    };
  }
}
