import { DEFAULT_PANEL_OPTIONS } from './options';
import { panelDetectorSpec } from './panelSpec';

const query = { expr: 'rate(http_requests_total[5m])', datasourceUid: 'prom' };
const metrics = [
  { metric: 'traffic', query: query.expr },
  { metric: 'latency', query: 'latency_seconds' },
];

describe('panelDetectorSpec', () => {
  it('joins the queries into a multivariate spec for a model that can score them', () => {
    const spec = panelDetectorSpec({ ...DEFAULT_PANEL_OPTIONS, joinOn: 'instance' }, query, 60_000, metrics);
    expect(spec.multivariate).toEqual({
      on: ['instance'],
      primary: 'traffic',
      queries: { latency: 'latency_seconds' },
    });
  });

  it("says in the options' own words which models can score joined queries", () => {
    expect(() =>
      panelDetectorSpec(
        { ...DEFAULT_PANEL_OPTIONS, joinOn: 'instance', model: 'seasonal_baseline' },
        query,
        60_000,
        metrics
      )
    ).toThrow(
      'Model "Seasonal baseline" cannot score joined queries: choose Default (recommended), Isolation forest, ' +
        'Autoencoder (neural), Variational autoencoder (neural), LSTM autoencoder (neural), or clear "Join queries on"'
    );
  });
});
