import type { DetectorSpec, FeatureName, ForecastMethod, ModelKind } from '../../engine/detectorSpec';

export type TrainingRange = 'visible' | 'history';

/** The anomaly panel's options, as saved in the dashboard JSON. */
export interface AnomalyPanelOptions {
  model: ModelKind;
  sensitivity: number;
  seasonality: DetectorSpec['seasonality'];
  /** The queries return raw counters: score and draw their per-second rate. */
  counter: boolean;
  features: FeatureName[];
  /** `visible`: score every visible point causally; `history`: fit on a longer history, then score the visible range. */
  trainingRange: TrainingRange;
  /** How far back the history goes before the visible range (a duration such as "7d"). */
  historyWindow: string;
  driftEnabled: boolean;
  showScoreLane: boolean;
  /**
   * Labels that join the panel's queries into one multivariate detector (comma-separated, e.g. `instance`);
   * empty: every series is scored on its own.
   */
  joinOn: string;
  /** Draw the expected values ahead of the last point, and their band: `off` or the forecast method. */
  forecast: 'off' | ForecastMethod;
  /** How far ahead the forecast goes (a duration such as "1h"). */
  forecastHorizon: string;
  /** More series than this is refused with a message instead of freezing the dashboard. */
  maxSeries: number;
}

export const DEFAULT_PANEL_OPTIONS: AnomalyPanelOptions = {
  model: 'default',
  sensitivity: 0.5,
  seasonality: 'auto',
  counter: false,
  features: ['value', 'diff', 'rolling_z', 'seasonal_residual'],
  trainingRange: 'history',
  historyWindow: '7d',
  driftEnabled: true,
  showScoreLane: true,
  joinOn: '',
  forecast: 'off',
  forecastHorizon: '1h',
  maxSeries: 200,
};
