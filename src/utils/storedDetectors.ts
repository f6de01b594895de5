import { parseDetectorSpec, type DetectorSpec } from '../engine/detectorSpec';
import type { AppJsonData } from './api/appSettings';

/** A detector as stored in the app's settings: valid, or kept with the reason it is not. */
export type StoredDetector =
  { id: string; spec: DetectorSpec; error?: undefined } | { id: string; spec?: undefined; error: string };

export function storedDetectors(settings: AppJsonData): StoredDetector[] {
  return settings.detectors.map((raw, index) => {
    const id = typeof raw.id === 'string' ? raw.id : `#${index + 1}`;
    try {
      return { id, spec: parseDetectorSpec(raw, `detectors[${index}]`) };
    } catch (error) {
      return { id, error: (error as Error).message };
    }
  });
}

/** A save that would overwrite another stored detector: refused, naming the detector that has the id. */
export class DetectorIdTakenError extends Error {
  constructor(
    readonly id: string,
    readonly takenBy: string
  ) {
    super(`A detector with id "${id}" exists already ("${takenBy}"): pick another id, or open that detector.`);
    this.name = 'DetectorIdTakenError';
  }
}

/**
 * Stores `spec` in place of the detector stored as `previousId` (undefined: a new detector, added at the end).
 * Throws DetectorIdTakenError when another stored detector already has `spec.id`.
 */
export function withDetector(settings: AppJsonData, spec: DetectorSpec, previousId: string | undefined): AppJsonData {
  if (spec.id !== previousId) {
    const holder = settings.detectors.find((raw) => raw.id === spec.id);
    if (holder) {
      throw new DetectorIdTakenError(spec.id, typeof holder.name === 'string' && holder.name ? holder.name : spec.id);
    }
  }
  const index = settings.detectors.findIndex((raw) => previousId !== undefined && raw.id === previousId);
  const detectors = [...settings.detectors];
  if (index >= 0) {
    detectors[index] = { ...spec };
  } else {
    detectors.push({ ...spec });
  }
  return { ...settings, detectors };
}

export function withoutDetector(settings: AppJsonData, id: string): AppJsonData {
  return { ...settings, detectors: settings.detectors.filter((raw) => raw.id !== id) };
}
