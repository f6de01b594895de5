import { generateServerMetrics } from '../src/engine/synthetic/serverMetrics';

/** How many series the pipeline benchmarks score. */
export const PIPELINE_SERIES = 1000;

/**
 * The pipeline benchmarks' series, the same for `npm run bench` and `npm run bench:against`: one day at 1 minute
 * (1,440 points) of the demo scenarios, re-seeded per batch until there are PIPELINE_SERIES of them.
 */
export function pipelineSeries(): ReturnType<typeof generateServerMetrics> {
  const series = [] as ReturnType<typeof generateServerMetrics>;
  for (let seed = 1; series.length < PIPELINE_SERIES; seed++) {
    series.push(...generateServerMetrics({ days: 1, seed }));
  }
  series.length = PIPELINE_SERIES;
  return series;
}
