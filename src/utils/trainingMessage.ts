import type { FitProgress } from '../worker/detectorService';

/** What the worker is training, in the words the panel and the detector editor show while they wait. */
export function trainingMessage(model: string, progress: FitProgress): string {
  const points =
    progress.trainingPoints === undefined ? '' : ` on ${progress.trainingPoints.toLocaleString('en-US')} points`;
  const loss = Number.isFinite(progress.heldOutLoss) ? `, held-out loss ${progress.heldOutLoss.toPrecision(3)}` : '';
  const backend = progress.backend === 'wasm' ? 'WebAssembly' : 'the CPU backend';
  return `Training ${model.replace(/_/g, ' ')} in the worker: series ${progress.item + 1} of ${progress.items}${points}, epoch ${progress.epoch} of at most ${progress.epochs}${loss}, on ${backend}…`;
}
