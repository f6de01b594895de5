import { z } from 'zod';
import type { DetectorSpec, FeatureName } from '../detectorSpec';
import { parseDuration } from '../duration';
import { driftParamsSchemas } from '../drift/driftParams';
import type { NeuralKind } from '../neural/networks';
import type { NeuralOptions } from '../neural/neuralScorer';
import { parseSpecParams } from '../specParams';

const integer = (min: number, max: number) => z.number().int().min(min).max(max);

/** A window network's parameters, with each kind's defaults (sized so training stays around a second per series). */
function neuralParams(defaults: {
  length: number;
  hidden: number;
  latent: number;
  epochs: number;
  batchSize: number;
  maxWindows: number;
}) {
  return z
    .object({
      window: integer(3, 10_000).default(60),
      minFitPoints: integer(8, 100_000).default(1024),
      seed: z.number().int().default(1),
      /** Rows (time steps) per sliding window. */
      length: integer(2, 64).default(defaults.length),
      hidden: integer(2, 128).default(defaults.hidden),
      latent: integer(1, 64).default(defaults.latent),
      epochs: integer(1, 500).default(defaults.epochs),
      patience: integer(1, 100).default(4),
      batchSize: integer(4, 1024).default(defaults.batchSize),
      learningRate: z.number().gt(0).max(1).default(0.005),
      holdOut: z.number().min(0.05).max(0.5).default(0.2),
      maxWindows: integer(16, 100_000).default(defaults.maxWindows),
    })
    .strict();
}

/** Parameters each model kind accepts in `model.params` (unknown keys are errors). */
const paramsSchemas = {
  isolation_forest: z
    .object({
      trees: integer(1, 1000).default(100),
      sampleSize: integer(2, 4096).default(256),
      seed: z.number().int().default(1),
      window: integer(3, 10_000).default(60),
      minFitPoints: integer(8, 100_000).default(32),
      /** Also score the distance from the seasonal band (the higher of the two scores wins). */
      band: z.boolean().default(false),
    })
    .strict(),
  seasonal_baseline: z
    .object({
      window: integer(3, 10_000).default(60),
      minFitPoints: integer(8, 100_000).default(32),
      seed: z.number().int().default(1),
    })
    .strict(),
  half_space_trees: z
    .object({
      trees: integer(1, 200).default(25),
      height: integer(1, 12).default(6),
      windowSize: integer(16, 65_535).default(250),
      seed: z.number().int().default(1),
      window: integer(3, 10_000).default(60),
      minFitPoints: integer(8, 100_000).default(32),
    })
    .strict(),
  autoencoder: neuralParams({ length: 16, hidden: 32, latent: 8, epochs: 20, batchSize: 128, maxWindows: 768 }),
  vae: neuralParams({ length: 16, hidden: 32, latent: 8, epochs: 20, batchSize: 128, maxWindows: 768 }),
  lstm_autoencoder: neuralParams({ length: 8, hidden: 8, latent: 8, epochs: 10, batchSize: 128, maxWindows: 256 }),
};

export type PipelineModel = 'isolation_forest' | 'seasonal_baseline' | 'half_space_trees' | NeuralKind;

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
  const data: z.output<(typeof paramsSchemas)[PipelineModel]> = parseSpecParams(spec, 'model', paramsSchemas[model]);
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
  const neural = 'length' in data ? (data as z.output<ReturnType<typeof neuralParams>>) : null;
  parseSpecParams(spec, 'drift', driftParamsSchemas[spec.drift.method]);
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
