import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import { FieldType, LoadingState, getDefaultTimeRange, toDataFrame, type PanelProps } from '@grafana/data';
import { DetectorClientProvider } from '../../components/DetectorClient/DetectorClientContext';
import { testIds } from '../../components/testIds';
import { scoreCausally } from '../../engine';
import type { DetectorClient } from '../../worker/detectorClient';
import type { Silence } from '../../clients';
import { AnomalyPanel } from './AnomalyPanel';
import { DEFAULT_PANEL_OPTIONS, type AnomalyPanelOptions } from './options';

jest.mock('../../worker/createDetectorWorker', () => ({ createDetectorWorker: () => undefined }));
jest.mock('../../utils/api/appSettings', () => ({
  loadAppSettings: async () => ({ alertmanagerUid: 'am' }),
}));
const listSilences = jest.fn<Promise<Silence[]>, []>(async () => []);
jest.mock('../../utils/api/grafanaClients', () => ({
  alertmanagerViaGrafana: () => ({ listSilences: () => listSilences() }),
}));
jest.mock('./AnomalyChart', () => ({
  ...jest.requireActual('./AnomalyChart'),
  AnomalyChart: () => <div data-testid="chart-drawn" />,
}));

const times = Array.from({ length: 200 }, (_, i) => 1_700_000_000_000 + i * 60_000);
const values = times.map((_, i) => (i === 150 ? 500 : 10 + Math.sin(i / 5)));

function frame(instance: string, refId?: string): ReturnType<typeof toDataFrame> {
  return toDataFrame({
    refId,
    fields: [
      { name: 'Time', type: FieldType.time, values: times },
      { name: 'Value', type: FieldType.number, values, labels: { __name__: 'up', instance } },
    ],
  });
}

/** A client that scores in-process with the engine, as the worker would. */
function engineClient(): DetectorClient & { calls: number } {
  const client = {
    calls: 0,
    async score(spec: Parameters<DetectorClient['score']>[0], items: Parameters<DetectorClient['score']>[1]) {
      client.calls++;
      const { parseDetectorSpec, seriesKey } = await import('../../engine');
      const parsed = parseDetectorSpec(spec);
      return {
        results: items.map(({ series }) => ({
          key: seriesKey(series.labels),
          labels: series.labels,
          result: scoreCausally(parsed, series.timestamps, series.values),
          fittedOnHistory: false,
        })),
        computeMs: 12.4,
        cacheHits: 0,
      };
    },
    async forecast(spec: Parameters<DetectorClient['forecast']>[0], series: Parameters<DetectorClient['forecast']>[1]) {
      const { parseDetectorSpec, seriesKey } = await import('../../engine');
      const { forecastSeries } = await import('../../engine/forecast/forecastSeries');
      const parsed = parseDetectorSpec(spec);
      return {
        results: series.map((one) => ({
          key: seriesKey(one.labels),
          labels: one.labels,
          forecast: forecastSeries(parsed, one),
        })),
        computeMs: 1,
      };
    },
    scoreCausally: jest.fn(),
    scoreMultivariate: jest.fn(),
    preview: jest.fn(),
    stats: jest.fn(),
  };
  return client as unknown as DetectorClient & { calls: number };
}

function renderPanel(
  client: DetectorClient,
  frames: Array<ReturnType<typeof frame>>,
  options: Partial<AnomalyPanelOptions> = {},
  request?: { targets: Array<{ refId: string; expr: string; legendFormat: string }>; intervalMs: number }
) {
  const props = {
    id: 1,
    data: { series: frames, state: LoadingState.Done, timeRange: getDefaultTimeRange(), request },
    width: 800,
    height: 400,
    options: { ...DEFAULT_PANEL_OPTIONS, ...options },
    timeRange: getDefaultTimeRange(),
    timeZone: 'utc',
    fieldConfig: { defaults: {}, overrides: [] },
  } as unknown as PanelProps<AnomalyPanelOptions>;
  return render(
    <DetectorClientProvider client={client}>
      <AnomalyPanel {...props} />
    </DetectorClientProvider>
  );
}

describe('AnomalyPanel', () => {
  it('goes from scoring to scored and reports series and anomaly counts on its root', async () => {
    const client = engineClient();
    renderPanel(client, [frame('a'), frame('b')]);
    const root = screen.getByTestId(testIds.panel.root);
    expect(root).toHaveAttribute('data-state', 'scoring');
    await waitFor(() => expect(root).toHaveAttribute('data-state', 'scored'));
    expect(root).toHaveAttribute('data-series-count', '2');
    expect(root).toHaveAttribute('data-compute-ms', '12');
    const anomalies = Number(root.getAttribute('data-anomaly-count'));
    const expected = scoreCausally(
      (await import('../../engine')).parseDetectorSpec({ id: 'panel', name: 'p', query: 'up' }),
      Float64Array.from(times),
      Float64Array.from(values)
    ).anomalies.reduce((sum, flag) => sum + flag, 0);
    expect(anomalies).toBe(2 * expected);
    expect(screen.getByTestId('chart-drawn')).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.panel.counterHint)).toBeNull();
    expect(screen.getByTestId(testIds.panel.createDetector)).toHaveAttribute(
      'href',
      expect.stringContaining('/a/vigil-anomaly-app/detectors/new')
    );
  });

  it('scores raw counters by their rate with the Counter option, and carries it to a new detector', async () => {
    const client = engineClient();
    const score = jest.spyOn(client, 'score');
    renderPanel(client, [frame('a')], { counter: true });
    const root = screen.getByTestId(testIds.panel.root);
    await waitFor(() => expect(root).toHaveAttribute('data-state', 'scored'));
    expect(score).toHaveBeenCalledWith(expect.objectContaining({ counter: true }), expect.any(Array));
    // These values go up and down: no counter, and the header says to check the option.
    expect(screen.getByTestId(testIds.panel.counterHint)).toHaveTextContent('Check the Counter option');
    expect(screen.getByTestId(testIds.panel.createDetector)).toHaveAttribute(
      'href',
      expect.stringContaining('counter=true')
    );
  });

  it('asks for the forecast only when the options turn it on, and reports what it drew', async () => {
    const client = engineClient();
    const forecast = jest.spyOn(client, 'forecast');
    renderPanel(client, [frame('a')], { forecast: 'seasonal', forecastHorizon: '15m' });
    const root = screen.getByTestId(testIds.panel.root);
    await waitFor(() => expect(root).toHaveAttribute('data-state', 'scored'));
    expect(forecast).toHaveBeenCalledWith(
      expect.objectContaining({ forecast: { method: 'seasonal', horizon: '15m', level: 0.95 } }),
      expect.any(Array)
    );
    expect(root).toHaveAttribute('data-forecast-method', 'seasonal');
    expect(root).toHaveAttribute('data-forecast-points', '15');
  });

  it('does not forecast by default', async () => {
    const client = engineClient();
    const forecast = jest.spyOn(client, 'forecast');
    renderPanel(client, [frame('a')]);
    const root = screen.getByTestId(testIds.panel.root);
    await waitFor(() => expect(root).toHaveAttribute('data-state', 'scored'));
    expect(forecast).not.toHaveBeenCalled();
    expect(root).not.toHaveAttribute('data-forecast-method');
  });

  it('shows each epoch of a multivariate neural training, then the metrics that carried the anomalies', async () => {
    const client = engineClient();
    let progressReported: (() => void) | undefined;
    let release: (() => void) | undefined;
    const reported = new Promise<void>((resolve) => (progressReported = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    client.scoreMultivariate = jest.fn(async (spec, metrics, history, onProgress) => {
      onProgress!({ item: 1, items: 2, epoch: 3, epochs: 20, heldOutLoss: 0.25, trainingPoints: 200, backend: 'wasm' });
      progressReported!();
      await released;
      const { parseDetectorSpec } = await import('../../engine');
      const result = scoreCausally(parseDetectorSpec(spec), Float64Array.from(times), Float64Array.from(values));
      // The spike is the one anomalous point, carried mostly by latency.
      const anomalies = new Uint8Array(times.length);
      anomalies[150] = 1;
      const shares = new Float64Array(times.length * 2);
      shares.set([0.25, 0.75], 150 * 2);
      return {
        results: [
          {
            key: '{instance="a"}',
            labels: { instance: 'a' },
            result: { ...result, anomalies },
            fittedOnHistory: false,
            contributions: { metrics: metrics.map(({ metric }) => metric), shares },
          },
        ],
        computeMs: 1,
        cacheHits: 0,
      };
    });
    const request = {
      targets: [
        { refId: 'A', expr: 'traffic', legendFormat: 'traffic' },
        { refId: 'B', expr: 'latency', legendFormat: 'latency' },
      ],
      intervalMs: 60_000,
    };
    renderPanel(
      client,
      [frame('a', 'A'), frame('a', 'B')],
      { joinOn: 'instance', model: 'autoencoder', trainingRange: 'visible' },
      request
    );
    await reported;
    const message = await screen.findByTestId(testIds.panel.message);
    await waitFor(() => expect(message).toHaveAttribute('data-training-epoch', '3'));
    expect(message).toHaveTextContent(
      'Training autoencoder in the worker: series 2 of 2 on 200 points, epoch 3 of at most 20, held-out loss 0.250, on WebAssembly…'
    );
    expect(client.scoreMultivariate).toHaveBeenCalledWith(
      expect.objectContaining({ model: { kind: 'autoencoder', params: {} }, multivariate: expect.anything() }),
      [expect.objectContaining({ metric: 'traffic' }), expect.objectContaining({ metric: 'latency' })],
      undefined,
      expect.any(Function)
    );

    release!();
    const root = screen.getByTestId(testIds.panel.root);
    await waitFor(() => expect(root).toHaveAttribute('data-state', 'scored'));
    expect(screen.getByTestId(testIds.panel.contributions)).toHaveTextContent(
      '{instance="a"}: latency 75% · traffic 25%'
    );
  });

  it('refuses too many series with a message instead of scoring', () => {
    const client = engineClient();
    renderPanel(client, [frame('a'), frame('b'), frame('c')], { maxSeries: 2 });
    expect(screen.getByTestId(testIds.panel.root)).toHaveAttribute('data-state', 'error');
    expect(screen.getByText(/Too many series to score: 3/)).toBeInTheDocument();
    expect(client.calls).toBe(0);
  });

  it('shows the worker error in the error state', async () => {
    const client = engineClient();
    client.score = async () => {
      throw new Error('invalid score message: spec.sensitivity: too big');
    };
    renderPanel(client, [frame('a')]);
    const root = screen.getByTestId(testIds.panel.root);
    await waitFor(() => expect(root).toHaveAttribute('data-state', 'error'));
    expect(screen.getByText(/Scoring failed: invalid score message/)).toBeInTheDocument();
  });

  it('says a series is muted when a silence in Alertmanager covers its alerts', async () => {
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    listSilences.mockResolvedValueOnce([
      {
        id: 'made-before',
        status: { state: 'active' },
        matchers: [
          { name: 'alertname', value: 'VigilAnomaly', isRegex: false, isEqual: true },
          { name: 'instance', value: 'a', isRegex: false, isEqual: true },
        ],
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt,
        createdBy: 'vigil',
        comment: 'muted yesterday',
      },
    ]);
    renderPanel(engineClient(), [frame('a')]);
    expect(await screen.findByTestId(testIds.panel.seriesMuted)).toHaveTextContent('Muted until');
    expect(screen.queryByTestId(testIds.panel.muteSeries)).toBeNull();
  });

  it("says which detectors' alerts a silence of one detector mutes, and still offers the mute of the rest", async () => {
    listSilences.mockResolvedValueOnce([
      {
        id: 'from-the-alerts-page',
        status: { state: 'active' },
        matchers: [
          { name: 'alertname', value: 'VigilAnomaly', isRegex: false, isEqual: true },
          { name: 'vigil_detector', value: 'api-latency', isRegex: false, isEqual: true },
          { name: 'instance', value: 'c', isRegex: false, isEqual: true },
        ],
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        createdBy: 'vigil',
        comment: 'muted from the Alerts page',
      },
    ]);
    renderPanel(engineClient(), [frame('c')]);
    expect(await screen.findByTestId(testIds.panel.seriesMutedFor)).toHaveTextContent('Muted for api-latency until');
    expect(screen.getByTestId(testIds.panel.muteSeries)).toBeInTheDocument();
  });

  it('offers the mute when Alertmanager cannot be read', async () => {
    listSilences.mockRejectedValueOnce(new Error('Alertmanager list silences answered 502'));
    renderPanel(engineClient(), [frame('b')]);
    const root = screen.getByTestId(testIds.panel.root);
    await waitFor(() => expect(root).toHaveAttribute('data-state', 'scored'));
    await waitFor(() => expect(listSilences).toHaveBeenCalled());
    expect(screen.getByTestId(testIds.panel.muteSeries)).toBeInTheDocument();
  });

  it('shows the empty state without data', () => {
    renderPanel(engineClient(), []);
    expect(screen.getByTestId(testIds.panel.root)).toHaveAttribute('data-state', 'empty');
  });
});
