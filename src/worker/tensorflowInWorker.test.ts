import * as engineTensorflow from '../engine/neural/tensorflow';
import { TENSORFLOW_SCRIPT } from './tensorflowScriptName';

type StandIn = typeof import('./tensorflowInWorker');

/** The stand-in as a fresh worker has it: nothing loaded yet, `importScripts` recording what it is asked for. */
function freshStandIn() {
  const imported: string[] = [];
  const scope = globalThis as unknown as Record<string, unknown>;
  scope.importScripts = (url: string) => {
    imported.push(url);
    scope[TENSORFLOW_SCRIPT.global] = engineTensorflow;
  };
  let standIn: StandIn | undefined;
  jest.isolateModules(() => {
    standIn = jest.requireActual<StandIn>('./tensorflowInWorker');
  });
  return { standIn: standIn!, imported };
}

describe('the worker stand-in for the engine TF.js module', () => {
  afterEach(() => {
    const scope = globalThis as unknown as Record<string, unknown>;
    delete scope.importScripts;
    delete scope[TENSORFLOW_SCRIPT.global];
  });

  it('exports everything the module it replaces exports (webpack swaps one for the other)', () => {
    const { standIn } = freshStandIn();
    for (const name of Object.keys(engineTensorflow)) {
      expect(typeof standIn[name as keyof StandIn]).toBe(
        typeof engineTensorflow[name as keyof typeof engineTensorflow]
      );
    }
  });

  it('loads TF.js only on first use, once, from where the page said', () => {
    const { standIn, imported } = freshStandIn();
    standIn.locateTensorflowScript('https://cdn.example/plugins/vigil/tensorflow-in-worker.js');
    expect(standIn.neuralBackendName()).toBe('cpu');
    expect(imported).toEqual([]);

    const sum = standIn.tf.tidy(() => standIn.tf.sum(standIn.tf.tensor1d([1, 2, 3])).dataSync()[0]);
    expect(sum).toBe(6);
    standIn.tf.tensor1d([4]).dispose();
    expect(imported).toEqual(['https://cdn.example/plugins/vigil/tensorflow-in-worker.js']);
    expect(standIn.neuralBackendName()).toBe(engineTensorflow.neuralBackendName());
  });
});
