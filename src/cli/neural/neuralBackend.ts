import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { trainsNetwork, type DetectorSpec } from '../../engine/detectorSpec';
import {
  neuralBackendName,
  selectNeuralBackend,
  type NeuralBackendChoice,
  type NeuralBackendName,
} from '../../engine/neural/tensorflow';

/** The binaries `@tensorflow/tfjs-backend-wasm` picks from; Node always has SIMD and never its threads here. */
export const TF_WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'] as const;

let chosen: Promise<NeuralBackendChoice> | undefined;

/** The package's own .wasm files (they ship in its `dist/`, beside its Node entry). */
export function packageWasmDir(): string {
  return path.dirname(createRequire(__filename).resolve('@tensorflow/tfjs-backend-wasm'));
}

/**
 * Starts TF.js's WebAssembly backend when one of `specs` trains a network, once per process (other commands and
 * detectors never load it); `started` hears the outcome that one time. When the backend cannot start, the networks
 * train on the CPU backend and the outcome carries the reason. Returns the backend the networks train on, or
 * undefined when no spec trains one.
 */
export async function prepareNeuralBackend(
  specs: readonly DetectorSpec[],
  started: (choice: NeuralBackendChoice) => void,
  wasmDir?: string
): Promise<NeuralBackendName | undefined> {
  if (!specs.some(trainsNetwork)) {
    return undefined;
  }
  if (!chosen) {
    // Resolved only here: a scoring worker asks before every series, and resolving a package costs file lookups.
    chosen = startWasm(wasmDir ?? packageWasmDir()).then((choice) => {
      started(choice.warning ? { ...choice, warning: `${choice.warning}${FALLBACK}` } : choice);
      return choice;
    });
  }
  await chosen;
  return neuralBackendName();
}

const FALLBACK = '; the neural networks train on the CPU backend (slower, same scores within 1e-6)';

/** For commands that write plain lines to stderr: the fallback, if any, as `vigil <command>: warning: ...`. */
export function stderrWarning(command: string): (choice: NeuralBackendChoice) => void {
  return ({ warning }) => {
    if (warning) {
      process.stderr.write(`vigil ${command}: warning: ${warning}\n`);
    }
  };
}

function startWasm(dir: string): Promise<NeuralBackendChoice> {
  const files = Object.fromEntries(TF_WASM_FILES.map((name) => [name, path.join(dir, name)]));
  const missing = Object.values(files).find((file) => !existsSync(file));
  if (missing) {
    return selectNeuralBackend(`the TF.js WebAssembly backend is missing ${missing}`);
  }
  // The threaded binary is never used in Node (TF.js turns threads off there), but the map must name it.
  setWasmPaths({ ...files, 'tfjs-backend-wasm-threaded-simd.wasm': files['tfjs-backend-wasm-simd.wasm'] });
  return withoutAddedCrashHandlers(selectNeuralBackend);
}

const CRASH_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

/**
 * Emscripten's Node glue, run when the backend starts, adds process handlers that re-throw an uncaught error with
 * its whole minified source line; the CLI reports its own errors, so the handlers it adds are removed.
 */
async function withoutAddedCrashHandlers<T>(start: () => Promise<T>): Promise<T> {
  const emitter: NodeJS.EventEmitter = process;
  const before = CRASH_EVENTS.map((event) => emitter.listeners(event));
  try {
    return await start();
  } finally {
    CRASH_EVENTS.forEach((event, i) =>
      emitter
        .listeners(event)
        .filter((listener) => !before[i].includes(listener))
        .forEach((listener) => emitter.removeListener(event, listener as (...args: unknown[]) => void))
    );
  }
}
