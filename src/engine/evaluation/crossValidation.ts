import {
  NAB_PROFILES,
  NabFile,
  NabProfile,
  NabProfileName,
  descendingOrder,
  nabScoreFile,
  nabThresholdEvents,
  sweepThreshold,
} from './nabScore';

/** The category of a corpus file named `<category>/<file>.csv` (NAB's layout): the part before the first `/`. */
export function categoryOf(name: string): string {
  const slash = name.indexOf('/');
  return slash < 0 ? name : name.slice(0, slash);
}

/** One leave-one-category-out fold: rows into the corpus' file list. */
export interface CategoryFold {
  category: string;
  train: number[];
  test: number[];
}

/** Leave-one-category-out folds, one per category in sorted order; every file is tested exactly once. */
export function categoryFolds(names: string[]): CategoryFold[] {
  const categories = [...new Set(names.map(categoryOf))].sort();
  return categories.map((category) => {
    const train: number[] = [];
    const test: number[] = [];
    names.forEach((name, index) => (categoryOf(name) === category ? test : train).push(index));
    return { category, train, test };
  });
}

/** Scores of one corpus, computed once per grid point: `scores[g][f]` is grid point g's scores on file f. */
export interface ScoredCorpus {
  names: string[];
  windows: Array<NabFile['windows']>;
  scores: Array<Array<ArrayLike<number>>>;
}

function filesAt(corpus: ScoredCorpus, gridPoint: number, rows: number[]): NabFile[] {
  return rows.map((f) => ({ name: corpus.names[f], scores: corpus.scores[gridPoint][f], windows: corpus.windows[f] }));
}

/** What was chosen on the training folds for one profile, and what it scored on the held-out fold. */
export interface FoldProfileResult {
  profile: NabProfileName;
  /** Index of the grid point with the best training score. */
  gridPoint: number;
  /** The global threshold NAB's sweep picks on the training folds for that grid point. */
  threshold: number;
  /** Normalised score on the training folds (what the choice was made on). */
  trainNormalized: number | null;
  /** Normalised score of the held-out fold at the chosen grid point and threshold; null when it has no windows. */
  normalized: number | null;
  /** Scorable labelled windows of the held-out fold (after NAB's probation). */
  windows: number;
  score: number;
  nullScore: number;
  perfectScore: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface FoldResult {
  category: string;
  files: number;
  windows: number;
  profiles: FoldProfileResult[];
}

export interface CvProfileSummary {
  profile: NabProfileName;
  /** Mean of the held-out normalised scores over folds that have windows. */
  mean: number | null;
  /** The fold with the lowest held-out normalised score. */
  worst: { category: string; normalized: number } | null;
  /** Every fold's held-out raw score summed and normalised over the whole corpus (folds without windows count here). */
  pooled: number | null;
}

export interface CrossValidationResult {
  folds: FoldResult[];
  summary: CvProfileSummary[];
}

function normalize(score: number, nullScore: number, perfectScore: number): number | null {
  return perfectScore === nullScore ? null : (100 * (score - nullScore)) / (perfectScore - nullScore);
}

/** One grid point's threshold events over the whole corpus, sorted once and swept per fold. */
interface CorpusSweep {
  thresholds: Float64Array;
  deltas: Float64Array;
  fileOf: Uint32Array;
  order: Uint32Array;
  windowsOf: number[];
}

function corpusSweep(corpus: ScoredCorpus, gridPoint: number, profile: NabProfile): CorpusSweep {
  const perFile = filesAt(
    corpus,
    gridPoint,
    corpus.names.map((_, f) => f)
  ).map((file) => nabThresholdEvents(file, profile));
  const total = perFile.reduce((sum, events) => sum + events.thresholds.length, 0);
  const thresholds = new Float64Array(total);
  const deltas = new Float64Array(total);
  const fileOf = new Uint32Array(total);
  let k = 0;
  perFile.forEach((events, f) => {
    thresholds.set(events.thresholds, k);
    deltas.set(events.deltas, k);
    fileOf.fill(f, k, k + events.thresholds.length);
    k += events.thresholds.length;
  });
  return { thresholds, deltas, fileOf, order: descendingOrder(thresholds), windowsOf: perFile.map((e) => e.windows) };
}

function chooseWithSweeps(
  sweeps: CorpusSweep[],
  train: number[],
  profile: NabProfile
): { gridPoint: number; threshold: number; normalized: number | null } {
  let best = { gridPoint: 0, threshold: Infinity, normalized: null as number | null, rank: -Infinity };
  sweeps.forEach((sweep, gridPoint) => {
    const inTrain = new Uint8Array(sweep.windowsOf.length);
    train.forEach((f) => (inTrain[f] = 1));
    const order = sweep.order.filter((event) => inTrain[sweep.fileOf[event]] === 1);
    const windows = train.reduce((sum, f) => sum + sweep.windowsOf[f], 0);
    const nullScore = -profile.fn * windows;
    const { threshold, score } = sweepThreshold(sweep.thresholds, sweep.deltas, order, nullScore);
    const normalized = normalize(score, nullScore, profile.tp * windows);
    const rank = normalized ?? score;
    if (rank > best.rank) {
      best = { gridPoint, threshold, normalized, rank };
    }
  });
  return { gridPoint: best.gridPoint, threshold: best.threshold, normalized: best.normalized };
}

/**
 * Picks the grid point with the best normalised NAB score on the `train` files, each at the global threshold
 * NAB's sweep picks for it there (ties keep the first grid point).
 */
export function chooseOnTraining(
  corpus: ScoredCorpus,
  train: number[],
  profile: NabProfile
): { gridPoint: number; threshold: number; normalized: number | null } {
  return chooseWithSweeps(
    corpus.scores.map((_, g) => corpusSweep(corpus, g, profile)),
    train,
    profile
  );
}

function evaluateFold(
  corpus: ScoredCorpus,
  sweeps: CorpusSweep[],
  fold: CategoryFold,
  profile: NabProfile
): FoldProfileResult {
  const choice = chooseWithSweeps(sweeps, fold.train, profile);
  const scored = filesAt(corpus, choice.gridPoint, fold.test).map((file) =>
    nabScoreFile(file, profile, choice.threshold)
  );
  const windows = scored.reduce((sum, file) => sum + file.windows, 0);
  const score = scored.reduce((sum, file) => sum + file.score, 0);
  const nullScore = -profile.fn * windows;
  const perfectScore = profile.tp * windows;
  return {
    profile: profile.name,
    gridPoint: choice.gridPoint,
    threshold: choice.threshold,
    trainNormalized: choice.normalized,
    normalized: normalize(score, nullScore, perfectScore),
    windows,
    score,
    nullScore,
    perfectScore,
    truePositives: scored.reduce((sum, file) => sum + file.truePositives, 0),
    falsePositives: scored.reduce((sum, file) => sum + file.falsePositives, 0),
    falseNegatives: scored.reduce((sum, file) => sum + file.falseNegatives, 0),
  };
}

function summarize(folds: FoldResult[], profile: NabProfileName): CvProfileSummary {
  const results = folds.map((fold) => ({
    category: fold.category,
    result: fold.profiles.find((p) => p.profile === profile)!,
  }));
  const scored = results.filter(({ result }) => result.normalized !== null);
  const mean =
    scored.length === 0 ? null : scored.reduce((sum, { result }) => sum + result.normalized!, 0) / scored.length;
  const worst = scored.reduce<CvProfileSummary['worst']>(
    (low, { category, result }) =>
      low === null || result.normalized! < low.normalized ? { category, normalized: result.normalized! } : low,
    null
  );
  const total = (key: 'score' | 'nullScore' | 'perfectScore') =>
    results.reduce((sum, { result }) => sum + result[key], 0);
  return { profile, mean, worst, pooled: normalize(total('score'), total('nullScore'), total('perfectScore')) };
}

/**
 * Leave-one-category-out cross-validation with NAB's scoring: for each category and profile, the grid point and
 * the global threshold are chosen on the other categories only, then the held-out category is scored with them.
 * A corpus of one category has no training data and yields no folds.
 */
export function crossValidateByCategory(
  corpus: ScoredCorpus,
  profiles: readonly NabProfile[] = NAB_PROFILES
): CrossValidationResult {
  const folds = categoryFolds(corpus.names).filter((fold) => fold.train.length > 0);
  const sweeps =
    folds.length === 0 ? [] : profiles.map((profile) => corpus.scores.map((_, g) => corpusSweep(corpus, g, profile)));
  const results = folds.map((fold) => {
    const profileResults = profiles.map((profile, p) => evaluateFold(corpus, sweeps[p], fold, profile));
    return {
      category: fold.category,
      files: fold.test.length,
      windows: profileResults[0]?.windows ?? 0,
      profiles: profileResults,
    };
  });
  return { folds: results, summary: profiles.map((profile) => summarize(results, profile.name)) };
}
