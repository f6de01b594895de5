import { alertmanagerAlert } from './alertTestData';
import { alertSeriesSelector, detectorPageUrl, exploreUrl } from './alertLinks';

const labels = {
  alertname: 'VigilAnomaly',
  vigil_detector: 'rps',
  severity: 'warning',
  metric: 'demo_http_requests_per_second',
  job: 'vigil-demo',
  instance: 'web-3',
};

describe('alert links', () => {
  it('selects the alert series by its metric and series labels', () => {
    expect(alertSeriesSelector(labels)).toBe('demo_http_requests_per_second{instance="web-3", job="vigil-demo"}');
  });

  it('opens Explore on the series around the alert start, on the given Prometheus', () => {
    const url = new URL(exploreUrl(alertmanagerAlert(labels), 'prom-a', Date.now()), 'http://grafana');
    expect(url.pathname).toBe('/explore');
    const pane = JSON.parse(url.searchParams.get('panes')!).vigil;
    expect(pane.datasource).toBe('prom-a');
    expect(pane.queries[0].expr).toBe(alertSeriesSelector(labels));
    expect(Number(pane.range.from)).toBe(Date.parse('2026-01-11T06:20:00Z'));
    expect(Number(pane.range.to)).toBe(Date.parse('2026-01-11T08:20:00Z'));
  });

  it("links the detector's page from vigil_url, never from the generator URL", () => {
    expect(detectorPageUrl(alertmanagerAlert(labels, { vigil_url: '/a/vigil-anomaly-app/detectors/rps' }))).toBe(
      '/a/vigil-anomaly-app/detectors/rps'
    );
    // The generator URL opens the Alerts page itself: no link rather than one to the page the user is on.
    expect(
      detectorPageUrl({ ...alertmanagerAlert(labels), generatorURL: '/a/vigil-anomaly-app/alerts' })
    ).toBeUndefined();
  });
});
