import { buildAlert } from '../../alerting';
import { alertmanagerAlert } from './alertTestData';
import { filterAlerts } from './filterAlerts';

const web3 = alertmanagerAlert(
  { alertname: 'VigilAnomaly', vigil_detector: 'rps', instance: 'web-3', severity: 'critical' },
  { summary: 'Requests dropped on web-3', description: 'Value 3 is far below the expected 640' }
);
const web2 = alertmanagerAlert(
  { alertname: 'VigilAnomaly', vigil_detector: 'rps', instance: 'web-2', severity: 'warning' },
  { summary: 'Spike on web-2' },
  'suppressed'
);
const latency = alertmanagerAlert({ alertname: 'VigilAnomaly', vigil_detector: 'latency', instance: 'api-1' });

describe('filterAlerts', () => {
  const all = [web3, web2, latency];

  it('keeps everything for an empty search', () => {
    expect(filterAlerts(all, '  ')).toEqual(all);
  });

  it('matches label values, label pairs, summary and description, ignoring case', () => {
    expect(filterAlerts(all, 'WEB-3')).toEqual([web3]);
    expect(filterAlerts(all, 'vigil_detector="latency"')).toEqual([latency]);
    expect(filterAlerts(all, 'far below')).toEqual([web3]);
  });

  it("matches the state words the page shows, not Alertmanager's", () => {
    expect(filterAlerts(all, 'muted')).toEqual([web2]);
    expect(filterAlerts(all, 'Active')).toEqual([web3, latency]);
    expect(filterAlerts(all, 'suppressed')).toEqual([]);
  });

  it('keeps exactly the alert whose generatorURL opened the page, whatever its label values hold', () => {
    const target = { detector: 'cpu', severity: 'warning', appUrl: 'https://grafana.example/a/vigil-anomaly-app' };
    const alertOf = (labels: Record<string, string>) =>
      buildAlert(
        target,
        {
          labels,
          timestamp: 0,
          score: 0.9,
          value: 97,
          expected: 40,
          lower: 30,
          upper: 50,
          anomalous: true,
          explanation: null,
        },
        { startsAtMs: 0, endsAtMs: 60_000 }
      );
    const odd = { __name__: 'node_cpu', instance: 'web-1', path: '/a b,c=d&e"f' };
    const sent = alertOf(odd);
    const link = new URL(sent.generatorURL);
    expect(link.pathname).toBe('/a/vigil-anomaly-app/alerts');
    expect(link.searchParams.get('detector')).toBe('cpu');
    const [one, sibling, other] = [odd, { ...odd, instance: 'web-10' }, { ...odd, path: '/a' }].map((labels) =>
      alertmanagerAlert(alertOf(labels).labels)
    );
    expect(filterAlerts([one, sibling, other], link.searchParams.get('search')!)).toEqual([one]);
  });

  it('takes a name="value" term as that exact label: spaces, quotes and case count', () => {
    const spaced = alertmanagerAlert({ instance: 'web 1' });
    const longer = alertmanagerAlert({ instance: 'web 11' });
    const upper = alertmanagerAlert({ instance: 'WEB-3' });
    const quoted = alertmanagerAlert({ instance: 'a "b"' });
    const some = [spaced, longer, upper, quoted, web3];
    expect(filterAlerts(some, 'instance="web 1"')).toEqual([spaced]);
    expect(filterAlerts(some, 'instance="web-3"')).toEqual([web3]);
    expect(filterAlerts(some, 'instance="a \\"b\\""')).toEqual([quoted]);
    // Typed without its closing quote, it is a word like any other.
    expect(filterAlerts(some, 'instance="web')).toEqual([spaced, longer, upper, web3]);
  });

  it('needs every term to match', () => {
    expect(filterAlerts(all, 'rps critical')).toEqual([web3]);
    expect(filterAlerts(all, 'latency critical')).toEqual([]);
  });
});
