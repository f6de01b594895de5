/** The engine's public API: pure TypeScript, the same in the browser's worker, in Node and in tests. */
export type { Series } from './series';
export { seriesKey } from './series';
export type { Detector, DetectionResult, DetectorState, DriftEvent, PointResult } from './detection';
export * from './detectorSpec';
export { parseDuration, formatDuration } from './duration';

export { createDetector, restoreDetector } from './pipeline/factory';
export { StateError, DETECTOR_STATE_VERSION } from './pipeline/state';
export { scoreCausally } from './pipeline/scoreCausally';
export { thresholdFor, bandScore, bandSigmaFor } from './pipeline/config';

export {
  fromPrometheusMatrix,
  prometheusMatrixResponseSchema,
  PreprocessError,
  sortByTime,
} from './preprocess/prometheus';
export { fromDataFrames, fieldSeriesLabels, type FrameLike, type FrameField } from './preprocess/dataFrame';
export {
  alignToGrid,
  dropInvalid,
  fillGaps,
  counterToRate,
  resample,
  prepareSeries,
  type Gap,
  type PreparedSeries,
  type ResampleAggregate,
} from './preprocess/grid';
export { counterHint } from './preprocess/counterHint';

export { IsolationForest, type IsolationForestOptions, type IsolationForestJson } from './models/isolationForest';
export { averagePathLength } from './models/averagePathLength';
export { HalfSpaceTrees, type HalfSpaceTreesOptions } from './models/halfSpaceTrees';
export { Adwin, type AdwinOptions } from './drift/adwin';
export { PageHinkley, type PageHinkleyOptions } from './drift/pageHinkley';
export { seasonalBaseline, type SeasonalBaselineOptions, type SeasonalBaselineResult } from './seasonal/baseline';
export { DAY_MS, detectPeriod, type Period } from './seasonal/period';
export { Random } from './util/random';
