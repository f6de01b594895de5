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

/** Inserts or replaces (by id) a detector in the settings. */
export function withDetector(settings: AppJsonData, spec: DetectorSpec, previousId?: string): AppJsonData {
  const replaced = previousId ?? spec.id;
  const others = settings.detectors.filter((raw) => raw.id !== replaced && raw.id !== spec.id);
  const index = settings.detectors.findIndex((raw) => raw.id === replaced);
  const detectors = [...others];
  detectors.splice(index >= 0 ? Math.min(index, detectors.length) : detectors.length, 0, { ...spec });
  return { ...settings, detectors };
}

export function withoutDetector(settings: AppJsonData, id: string): AppJsonData {
  return { ...settings, detectors: settings.detectors.filter((raw) => raw.id !== id) };
}
