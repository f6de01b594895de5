import { alertmanagerAlert } from './alertTestData';
import { alertSeriesSelector, exploreUrl, panelUrl } from './alertLinks';

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

  it("links the panel from the detector's link, else the generator URL", () => {
    expect(panelUrl(alertmanagerAlert(labels, { vigil_url: '/d/abc?viewPanel=2' }))).toBe('/d/abc?viewPanel=2');
    expect(panelUrl({ ...alertmanagerAlert(labels), generatorURL: '/d/x' })).toBe('/d/x');
    expect(panelUrl(alertmanagerAlert(labels))).toBeUndefined();
  });
});
