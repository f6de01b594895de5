export {
  DefaultDetector,
  defaultScorerParams,
  scoreWithDefault,
  DEFAULT_DETECTOR_STATE_VERSION,
} from './defaultDetector';
export { DefaultScorer, DEFAULT_SCORER_PARAMS, PREDICTORS, scoreFromDigits, digitsFromScore } from './defaultScorer';
export type { DefaultScorerParams, ScorerOutput, PredictorName } from './defaultScorer';
