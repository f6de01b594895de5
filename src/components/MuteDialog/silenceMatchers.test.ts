import { formatMatchers, matchesAll } from '../../alerting';
import { alertLabels } from '../../alerting/labels';
import { matchersForAlert, matchersForSeries } from './silenceMatchers';

describe('silence matchers', () => {
  const seriesLabels = { __name__: 'http_requests', instance: 'web-2', job: 'api' };

  it('match the alerts Vigil sends for that series and detector, and no other', () => {
    const matchers = matchersForSeries(seriesLabels, 'rps');
    expect(formatMatchers(matchers)).toBe(
      '{alertname="VigilAnomaly", vigil_detector="rps", instance="web-2", job="api", metric="http_requests"}'
    );
    const alert = alertLabels({ detector: 'rps', severity: 'warning', seriesLabels });
    expect(matchesAll(matchers, alert)).toBe(true);
    expect(matchesAll(matchers, { ...alert, instance: 'web-3' })).toBe(false);
    expect(matchesAll(matchers, { ...alert, vigil_detector: 'other' })).toBe(false);
  });

  it('without a detector, match the series under every detector', () => {
    const matchers = matchersForSeries(seriesLabels);
    expect(matchesAll(matchers, alertLabels({ detector: 'a', severity: 'info', seriesLabels }))).toBe(true);
    expect(matchesAll(matchers, alertLabels({ detector: 'b', severity: 'critical', seriesLabels }))).toBe(true);
  });

  it('for one alert, use its labels but severity, alertname first', () => {
    const alert = alertLabels({ detector: 'rps', severity: 'warning', seriesLabels });
    const matchers = matchersForAlert(alert);
    expect(matchers[0]).toMatchObject({ name: 'alertname', value: 'VigilAnomaly' });
    expect(matchers.some((matcher) => matcher.name === 'severity')).toBe(false);
    expect(matchesAll(matchers, { ...alert, severity: 'critical' })).toBe(true);
  });
});
