import { z } from 'zod';

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

/** `model.params` of the kinds the pipeline runs, apart from its code like the other kinds' (see detectorSpec.ts). */
export const pipelineParamsSchemas = {
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

export type NeuralParams = z.output<ReturnType<typeof neuralParams>>;
