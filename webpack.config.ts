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
    optimization: {
      ...base.optimization,
      splitChunks: { chunks: (chunk) => chunk.name !== WORKER_CHUNK && !chunk.canBeInitial() },
    },
  };
};

export default config;
