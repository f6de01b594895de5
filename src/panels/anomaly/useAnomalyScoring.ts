import { useEffect, useMemo, useState } from 'react';
import { trainsNetwork, type DetectorSpec } from '../../engine/detectorSpec';
import { seriesKey, type Series } from '../../engine/series';
import { markTiming } from '../../utils/markTiming';
import type { DetectorClient, ScoreInput } from '../../worker/detectorClient';
import type { FitProgress, SeriesForecast, SeriesScore } from '../../worker/detectorService';
import type { PanelMetric } from './panelMetrics';

/** Mark for the browser benchmark: the worker's answer is back on the main thread. */
export const SCORED_MARK = 'vigil-anomaly-scored';
/** Mark for the browser benchmark: the series are posted to the workers. */
export const REQUEST_MARK = 'vigil-anomaly-request';
/** Mark for the browser benchmark: a training progress report from the worker reached the main thread. */
export const TRAINING_MARK = 'vigil-anomaly-training';

export type ScoringState =
  | { status: 'idle' }
  | { status: 'scoring'; training?: FitProgress }
  | { status: 'scored'; results: SeriesScore[]; computeMs: number; forecasts?: SeriesForecast[] }
  | { status: 'error'; message: string };

/** Loads the history to fit on by series key: of the panel's query, or of another query of the panel. */
export type HistoryLoader = (expr?: string) => Promise<Map<string, Series>>;

interface Request {
  series: Series[];
  spec: DetectorSpec;
  client: DetectorClient;
  loadHistory?: HistoryLoader;
  metrics?: PanelMetric[];
}

type Outcome = Exclude<ScoringState, { status: 'idle' } | { status: 'scoring' }>;

/**
 * Scores the series in the worker whenever they or the spec change. An answer is shown only for the
 * request it belongs to: a late answer to an older request is never drawn.
 */
export function useAnomalyScoring(
  series: Series[] | undefined,
  spec: DetectorSpec | undefined,
  client: DetectorClient,
  loadHistory?: HistoryLoader,
  metrics?: PanelMetric[]
): ScoringState {
  const request = useMemo<Request | undefined>(
    () => (series && spec && series.length > 0 ? { series, spec, client, loadHistory, metrics } : undefined),
    [series, spec, client, loadHistory, metrics]
  );
  const [answer, setAnswer] = useState<{ request: Request; outcome: Outcome } | undefined>();
  const [training, setTraining] = useState<{ request: Request; progress: FitProgress } | undefined>();

  useEffect(() => {
    if (!request) {
      return;
    }
    runScoring(request, (progress) => {
      markTiming(TRAINING_MARK);
      setTraining({ request, progress });
    }).then(
      (outcome) => {
        markTiming(SCORED_MARK);
        setAnswer({ request, outcome });
      },
      (error: unknown) => setAnswer({ request, outcome: { status: 'error', message: errorMessage(error) } })
    );
  }, [request]);

  if (!request) {
    return { status: 'idle' };
  }
  if (answer?.request === request) {
    return answer.outcome;
  }
  return { status: 'scoring', training: training?.request === request ? training.progress : undefined };
}

async function runScoring(
  { series, spec, client, loadHistory, metrics }: Request,
  onTraining: (progress: FitProgress) => void
): Promise<Outcome> {
  if (spec.multivariate && metrics) {
    const history = loadHistory
      ? await Promise.all(
          metrics.map(async ({ metric, query }) => ({
            metric,
            series: Array.from((await loadHistory(query)).values()),
          }))
        )
      : undefined;
    markTiming(REQUEST_MARK);
    const copies = metrics.map(({ metric, series: list }) => ({ metric, series: list.map(copySeries) }));
    const response = await client.scoreMultivariate(spec, copies, history, onTraining);
    return { status: 'scored', results: response.results, computeMs: response.computeMs };
  }
  const history = loadHistory ? await loadHistory() : undefined;
  const items: ScoreInput[] = series.map((one) => ({
    series: copySeries(one),
    history: history?.get(seriesKey(one.labels)),
  }));
  markTiming(REQUEST_MARK);
  const forecasting = spec.forecast ? client.forecast(spec, series.map(copySeries)) : undefined;
  const trainsInSteps = trainsNetwork(spec) && Boolean(history);
  const response = trainsInSteps
    ? await client.scoreWithProgress(spec, items, onTraining)
    : await client.score(spec, items);
  const forecasts = forecasting ? (await forecasting).results : undefined;
  return { status: 'scored', results: response.results, computeMs: response.computeMs, forecasts };
}

/** A copy whose arrays may be transferred to a worker. */
function copySeries(series: Series): Series {
  return { labels: series.labels, timestamps: series.timestamps.slice(), values: series.values.slice() };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
