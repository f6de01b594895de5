import { z } from 'zod';
import type { DetectorSpec, FeatureName, ModelKind } from '../detectorSpec';
import { parseDuration } from '../duration';
import type { NeuralKind } from '../neural/networks';
import type { NeuralOptions } from '../neural/neuralScorer';
import { isStreamKind } from '../models/streamKindNames';
import { parseSpecParams } from '../specParams';
import { type NeuralParams, pipelineParamsSchemas } from './pipelineParams';

export type PipelineModel = 'isolation_forest' | 'seasonal_baseline' | 'half_space_trees' | NeuralKind;

/** The kinds the pipeline runs, on the spec's step grid: every kind but the default, the ensemble and the streams. */
export function isPipelineKind(kind: ModelKind): kind is PipelineModel {
  return kind !== 'default' && kind !== 'ensemble' && !isStreamKind(kind);
}

/** Everything the pipeline needs from a spec, checked and with defaults filled in. */
export interface PipelineConfig {
  model: PipelineModel;
  /** Combine the model's score with the seasonal band's (max of both). */
  withBand: boolean;
  features: FeatureName[];
  stepMs: number;
  seasonality: DetectorSpec['seasonality'];
  counter: boolean;
  threshold: number;
  /** Band half-width in robust standard deviations: where the band score reaches the threshold. */
  bandSigma: number;
  window: number;
  minFitPoints: number;
  historyCapacity: number;
  refitEvery: number;
  seed: number;
  trees: number;
  sampleSize: number;
  hstHeight: number;
  hstWindowSize: number;
  /** The window network's options (neural kinds only). */
  neural: NeuralOptions | null;
  drift: DetectorSpec['drift'];
}

/** Band score: 1 - 2^(-(z/3)^2), so 3 sigma scores 0.5 and 6 sigma 0.94. */
export function bandScore(z: number): number {
  const ratio = z / 3;
  return 1 - Math.pow(2, -ratio * ratio);
}

/** The z at which the band score equals `threshold`. */
export function bandSigmaFor(threshold: number): number {
  return 3 * Math.sqrt(-Math.log2(1 - threshold));
}

/** Sensitivity 0..1 to a score threshold: 0 -> 0.85 (few alerts), 0.5 -> 0.7, 1 -> 0.55. */
export function thresholdFor(sensitivity: number): number {
  return 0.85 - 0.3 * sensitivity;
}

export function pipelineConfig(spec: DetectorSpec, model: PipelineModel): PipelineConfig {
  const data: z.output<(typeof pipelineParamsSchemas)[PipelineModel]> = parseSpecParams(
    spec,
    'model',
    pipelineParamsSchemas[model]
  );
  const params: {
    window: number;
    minFitPoints: number;
    seed: number;
    trees?: number;
    sampleSize?: number;
    height?: number;
    windowSize?: number;
    band?: boolean;
  } = data;
  const neural = 'length' in data ? (data as NeuralParams) : null;
  const stepMs = parseDuration(spec.step)!;
  const trainingPoints = Math.round(parseDuration(spec.trainingWindow)! / stepMs);
  const historyCapacity = Math.max(params.minFitPoints * 2, Math.min(trainingPoints, 20_160));
  const threshold = thresholdFor(spec.sensitivity);
  return {
    model,
    withBand: params.band ?? false,
    features: [...spec.features],
    stepMs,
    seasonality: spec.seasonality,
    counter: spec.counter,
    threshold,
    bandSigma: bandSigmaFor(threshold),
    window: params.window,
    minFitPoints: params.minFitPoints,
    historyCapacity,
    refitEvery: Math.max(params.minFitPoints, Math.floor(historyCapacity / 4)),
    seed: params.seed,
    trees: params.trees ?? 100,
    sampleSize: params.sampleSize ?? 256,
    hstHeight: params.height ?? 6,
    hstWindowSize: params.windowSize ?? 250,
    neural: neural
      ? {
          kind: model as NeuralKind,
          length: neural.length,
          hidden: neural.hidden,
          latent: neural.latent,
          maxWindows: neural.maxWindows,
          seed: neural.seed,
          epochs: neural.epochs,
          patience: neural.patience,
          batchSize: neural.batchSize,
          learningRate: neural.learningRate,
          holdOut: neural.holdOut,
        }
      : null,
    drift: spec.drift,
  };
}
