import type { ModelKind } from '../../engine/detectorSpec';

/** How the panel's Model option names each model kind. */
export const MODEL_LABELS: Record<ModelKind, string> = {
  default: 'Default (recommended)',
  isolation_forest: 'Isolation forest',
  seasonal_baseline: 'Seasonal baseline',
  half_space_trees: 'Half-space trees (streaming)',
  autoencoder: 'Autoencoder (neural)',
  vae: 'Variational autoencoder (neural)',
  lstm_autoencoder: 'LSTM autoencoder (neural)',
  knn_cad: 'k-NN conformal (KNN CAD)',
  contextual: 'Contextual novelty (CAD OSE-style)',
  artime: 'Adaptive resonance (ARTime-style)',
  ensemble: 'Ensemble (default + k-NN conformal)',
};
