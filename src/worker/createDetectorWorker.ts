declare const __webpack_public_path__: string;

/**
 * Starts the detector worker. Webpack builds the worker as its own entry, bundled as a classic script
 * exposing a `var` (the plugin's own output is AMD, which a worker cannot run).
 *
 * Grafana may serve plugins from a CDN: a worker script on another origin cannot be started directly,
 * so it is then started from a same-origin blob that imports the real script.
 */
export function createDetectorWorker(): Worker {
  const NativeWorker = globalThis.Worker;
  if (isSameOrigin(__webpack_public_path__)) {
    return constructWorker();
  }
  globalThis.Worker = CrossOriginWorker(NativeWorker);
  try {
    return constructWorker();
  } finally {
    globalThis.Worker = NativeWorker;
  }
}

function constructWorker(): Worker {
  return new Worker(
    /* webpackChunkName: "detector-worker" */ /* webpackEntryOptions: { library: { type: "var", name: "__vigilWorker" } } */ new URL(
      './detector.worker.ts',
      import.meta.url
    ),
    { name: 'vigil-detector' }
  );
}

function isSameOrigin(publicPath: string): boolean {
  return new URL(publicPath, document.baseURI).origin === window.location.origin;
}

function CrossOriginWorker(NativeWorker: typeof Worker): typeof Worker {
  return class extends NativeWorker {
    constructor(scriptUrl: string | URL, options?: WorkerOptions) {
      const absolute = new URL(String(scriptUrl), document.baseURI).href;
      const source = `importScripts(${JSON.stringify(absolute)});`;
      const blobUrl = URL.createObjectURL(new Blob([source], { type: 'application/javascript' }));
      super(blobUrl, options);
      URL.revokeObjectURL(blobUrl);
    }
  };
}
