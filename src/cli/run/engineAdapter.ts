import { createDetector, restoreDetector } from '../../engine';
import type { DetectorEngine } from './detectorRun';

/** The real engine behind the CLI's runs. */
export const engineAdapter: DetectorEngine = {
  create: (spec) => createDetector(spec),
  restore: (spec, state) => restoreDetector(spec, state),
};
