import './publicPath';
import { PanelPlugin, type SelectableValue } from '@grafana/data';
import { FEATURE_NAMES, MODEL_KINDS, type FeatureName } from '../../engine/detectorSpec';
import { getDetectorClient } from '../../worker/detectorClient';
import { AnomalyPanel } from './AnomalyPanel';
import { MODEL_LABELS } from './modelLabels';
import { DEFAULT_PANEL_OPTIONS, type AnomalyPanelOptions } from './options';

/** The multi-select editor's values are single features although the option holds a list of them. */
const FEATURE_OPTIONS = FEATURE_NAMES.map((name) => ({
  value: name,
  label: name.replace(/_/g, ' '),
})) as unknown as Array<SelectableValue<FeatureName[]>>;

// Start (and warm up) the detector workers while the dashboard is still querying.
if (typeof Worker !== 'undefined') {
  getDetectorClient();
}

export const plugin = new PanelPlugin<AnomalyPanelOptions>(AnomalyPanel).setPanelOptions((builder) =>
  builder
    .addSelect({
      path: 'model',
      name: 'Model',
      category: ['Detection'],
      defaultValue: DEFAULT_PANEL_OPTIONS.model,
      settings: { options: MODEL_KINDS.map((kind) => ({ value: kind, label: MODEL_LABELS[kind] })) },
    })
    .addSliderInput({
      path: 'sensitivity',
      name: 'Sensitivity',
      description: 'Higher flags more points',
      category: ['Detection'],
      defaultValue: DEFAULT_PANEL_OPTIONS.sensitivity,
      settings: { min: 0, max: 1, step: 0.05 },
    })
    .addRadio({
      path: 'seasonality',
      name: 'Seasonality',
      category: ['Detection'],
      defaultValue: DEFAULT_PANEL_OPTIONS.seasonality,
      settings: {
        options: [
          { value: 'auto', label: 'Auto' },
          { value: 'none', label: 'None' },
          { value: 'daily', label: 'Daily' },
          { value: 'weekly', label: 'Weekly' },
        ],
      },
    })
    .addMultiSelect({
      path: 'features',
      name: 'Features',
      description: 'What the isolation forest looks at',
      category: ['Detection'],
      defaultValue: DEFAULT_PANEL_OPTIONS.features,
      settings: { options: FEATURE_OPTIONS },
    })
    .addBooleanSwitch({
      path: 'counter',
      name: 'Counter',
      description: 'The queries return raw counters (…_total): score and draw their per-second rate, restarts handled',
      category: ['Detection'],
      defaultValue: DEFAULT_PANEL_OPTIONS.counter,
    })
    .addBooleanSwitch({
      path: 'driftEnabled',
      name: 'Detect drift',
      category: ['Detection'],
      defaultValue: DEFAULT_PANEL_OPTIONS.driftEnabled,
    })
    .addRadio({
      path: 'trainingRange',
      name: 'Training range',
      description: 'Score the visible range causally, or fit on a longer history fetched before it',
      category: ['Training'],
      defaultValue: DEFAULT_PANEL_OPTIONS.trainingRange,
      settings: {
        options: [
          { value: 'visible', label: 'Visible range' },
          { value: 'history', label: 'Longer history' },
        ],
      },
    })
    .addTextInput({
      path: 'historyWindow',
      name: 'History window',
      description: 'How far back before the visible range, e.g. 7d',
      category: ['Training'],
      defaultValue: DEFAULT_PANEL_OPTIONS.historyWindow,
      showIf: (options) => options.trainingRange === 'history',
    })
    .addTextInput({
      path: 'joinOn',
      name: 'Join queries on',
      description:
        "Labels (comma-separated, e.g. instance) that join the panel's queries into one multivariate detector; each query is a metric, named by its legend",
      category: ['Detection'],
      defaultValue: DEFAULT_PANEL_OPTIONS.joinOn,
    })
    .addRadio({
      path: 'forecast',
      name: 'Forecast',
      description: 'Draw the expected values past the last point, with their band',
      category: ['Forecast'],
      defaultValue: DEFAULT_PANEL_OPTIONS.forecast,
      settings: {
        options: [
          { value: 'off', label: 'Off' },
          { value: 'seasonal', label: 'Seasonal' },
          { value: 'mstl', label: 'MSTL' },
          { value: 'ets', label: 'ETS' },
        ],
      },
    })
    .addTextInput({
      path: 'forecastHorizon',
      name: 'Forecast horizon',
      description: 'How far ahead, e.g. 1h',
      category: ['Forecast'],
      defaultValue: DEFAULT_PANEL_OPTIONS.forecastHorizon,
      showIf: (options) => options.forecast !== 'off',
    })
    .addBooleanSwitch({
      path: 'showScoreLane',
      name: 'Score lane',
      category: ['Display'],
      defaultValue: DEFAULT_PANEL_OPTIONS.showScoreLane,
    })
    .addNumberInput({
      path: 'maxSeries',
      name: 'Maximum series',
      description: 'Queries returning more series are refused with a message',
      category: ['Display'],
      defaultValue: DEFAULT_PANEL_OPTIONS.maxSeries,
      settings: { min: 1, integer: true },
    })
);
