import { z } from 'zod';
import { pipelineParamsSchemas } from '../pipeline/pipelineParams';

/** The joint isolation forest has a fixed size (100 trees of 256 rows): its seed is its one parameter. */
const forestParamsSchema = z.object({ seed: z.number().int().default(1) }).strict();

/** A window network over the joint vector: `window` and `minFitPoints` are the univariate pipeline's and do not apply. */
const jointNetworkParams = <Kind extends 'autoencoder' | 'vae' | 'lstm_autoencoder'>(kind: Kind) =>
  pipelineParamsSchemas[kind].omit({ window: true, minFitPoints: true });

/** `model.params` of each model kind a multivariate block can run; any other kind is refused. */
export const multivariateParamsSchemas = {
  default: forestParamsSchema,
  isolation_forest: forestParamsSchema,
  autoencoder: jointNetworkParams('autoencoder'),
  vae: jointNetworkParams('vae'),
  lstm_autoencoder: jointNetworkParams('lstm_autoencoder'),
};

export type MultivariateKind = keyof typeof multivariateParamsSchemas;

export const MULTIVARIATE_KINDS = Object.keys(multivariateParamsSchemas) as MultivariateKind[];

export function isMultivariateKind(kind: string): kind is MultivariateKind {
  return (MULTIVARIATE_KINDS as string[]).includes(kind);
}
