import path from 'node:path';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import webpack, { type Configuration, type RuleSetRule } from 'webpack';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config.ts';
import { TENSORFLOW_SCRIPT } from './src/worker/tensorflowScriptName';

/**
 * Extends create-plugin's config (see .config/README.md). The detector worker runs as a classic script
 * on its own: none of its modules may move into shared chunks, which a worker started from a blob (CDN)
 * or from another path could not load.
 */
const WORKER_CHUNK = 'detector-worker';

/**
 * TF.js is not in the worker's script: the worker loads it from a script of its own the first time a detector trains
 * a network (src/worker/tensorflowInWorker.ts), so that a fresh worker starts in a fraction of the time. The engine's
 * TF.js module is swapped for the worker's stand-in everywhere but in that script, whose entry assigns its exports to
 * a global the stand-in reads.
 */
const SOURCE = path.resolve(__dirname, 'src');
const ENGINE_TENSORFLOW = path.join(SOURCE, 'engine/neural/tensorflow');
const TENSORFLOW_SCRIPT_SOURCE = path.join(SOURCE, 'worker/tensorflowScript.ts');
const TENSORFLOW_STAND_IN = path.join(SOURCE, 'worker/tensorflowInWorker.ts');

function withTensorflowStandIn(resource: { context: string; request: string; contextInfo: { issuer: string } }) {
  const target = path.resolve(resource.context, resource.request).replace(/\.ts$/, '');
  if (target === ENGINE_TENSORFLOW && resource.contextInfo.issuer !== TENSORFLOW_SCRIPT_SOURCE) {
    resource.request = TENSORFLOW_STAND_IN;
  }
}

/**
 * Class fields compiled as assignments in the constructor, as TypeScript compiles them below ES2022, instead of
 * create-plugin's default (each field first defined as undefined by a helper, then assigned). V8 then stores a
 * numeric field as a boxed number, allocating on every write: compiled that way, the engine's per-row code ran about
 * 1.4 times as long (docs/benchmark-history.md, "Class fields in the plugin build"). The CLI's esbuild bundle
 * never did this.
 */
function withAssignedClassFields(rule: RuleSetRule): RuleSetRule {
  const use = rule.use as { loader?: string; options?: { jsc?: Record<string, unknown> } } | undefined;
  if (use?.loader !== 'swc-loader') {
    return rule;
  }
  const jsc = use.options?.jsc ?? {};
  const transform = { ...(jsc.transform as object | undefined), useDefineForClassFields: false };
  return { ...rule, use: { ...use, options: { ...use.options, jsc: { ...jsc, transform } } } };
}

const config = async (env: Env): Promise<Configuration> => {
  const base = await grafanaConfig(env);
  const rules = (base.module?.rules ?? []).map((rule) =>
    rule && typeof rule === 'object' ? withAssignedClassFields(rule) : rule
  );
  return {
    ...base,
    entry: {
      ...(base.entry as Record<string, string>),
      [TENSORFLOW_SCRIPT.name]: {
        import: TENSORFLOW_SCRIPT_SOURCE,
        library: { type: 'var', name: TENSORFLOW_SCRIPT.global },
      },
    },
    module: {
      ...base.module,
      rules: [
        ...rules,
        // augurs' WebAssembly, referenced by its loaders in the worker: emitted under a fixed name that
        // the page computes from the plugin's public path (src/worker/wasmUrls.ts).
        {
          test: /@bsull[\\/]augurs[\\/][a-z]+_bg\.wasm$/,
          type: 'asset/resource',
          generator: { filename: 'augurs/[name][ext]' },
        },
      ],
    },
    plugins: [
      ...(base.plugins ?? []),
      new webpack.NormalModuleReplacementPlugin(/tensorflow$/, withTensorflowStandIn),
      // TF.js's WebAssembly backend locates its binaries at run time (no import webpack could follow): its two
      // single-threaded ones are copied under fixed names that the page sends to the worker (src/worker/wasmUrls.ts).
      new CopyWebpackPlugin({
        patterns: ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'].map((file) => ({
          from: require.resolve(`@tensorflow/tfjs-backend-wasm/dist/${file}`),
          to: `tfjs/${file}`,
        })),
      }),
    ],
    optimization: {
      ...base.optimization,
      splitChunks: { chunks: (chunk) => chunk.name !== WORKER_CHUNK && !chunk.canBeInitial() },
    },
  };
};

export default config;
