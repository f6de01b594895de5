/** Calls `method` of the plugin's worker bundle with `argument` and resolves with its answer. */
export type WorkerCall = (worker: Worker, method: string, argument: unknown) => Promise<unknown>;

/**
 * Defines `globalThis.vigilWorkerCall` (a WorkerCall) in the page it runs in: benchmarks that drive
 * `dist/detector-worker.js` directly speak comlink's wire protocol to it, an APPLY message per call answered with the
 * same id. Run it with `page.evaluate(installWorkerCall)` before such a call: a function handed to `page.evaluate`
 * is sent as source, so it cannot import the caller.
 */
export function installWorkerCall(): void {
  let next = 0;
  const call: WorkerCall = (worker, method, argument) =>
    new Promise((resolve, reject) => {
      const id = `vigil-bench-${next++}`;
      const listener = (event: MessageEvent) => {
        if (event.data?.id !== id) {
          return;
        }
        worker.removeEventListener('message', listener);
        if (event.data.type === 'HANDLER') {
          reject(new Error(JSON.stringify(event.data.value)));
        } else {
          resolve(event.data.value);
        }
      };
      worker.addEventListener('message', listener);
      worker.postMessage({ id, type: 'APPLY', path: [method], argumentList: [{ type: 'RAW', value: argument }] });
    });
  (globalThis as unknown as { vigilWorkerCall: WorkerCall }).vigilWorkerCall = call;
}
