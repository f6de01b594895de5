import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config.ts';

/**
 * Extends create-plugin's config (see .config/README.md). The detector worker runs as a classic script
 * on its own: none of its modules may move into shared chunks, which a worker started from a blob (CDN)
 * or from another path could not load.
 */
const WORKER_CHUNK = 'detector-worker';

const config = async (env: Env): Promise<Configuration> => {
  const base = await grafanaConfig(env);
  return {
    ...base,
    module: {
      ...base.module,
      rules: [
        ...(base.module?.rules ?? []),
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
