import { alertIdentity, canonicalLabels, labelHash64 } from './identity';
import { alertLabels, isValidLabelName, sanitizeLabelName, seriesAlertLabels } from './labels';

describe('alert labels', () => {
  it('moves __name__ to "metric" and drops other internal and empty labels', () => {
    expect(seriesAlertLabels({ __name__: 'up', __meta_x: 'y', instance: 'a', empty: '' })).toEqual({
      metric: 'up',
      instance: 'a',
    });
  });

  it("keeps series labels that collide with Vigil's own as exported_<name>", () => {
    const labels = alertLabels({
      detector: 'd1',
      severity: 'critical',
      seriesLabels: { __name__: 'up', alertname: 'Other', severity: 'low', metric: 'm', vigil_detector: 'x' },
    });
    expect(labels).toEqual({
      alertname: 'VigilAnomaly',
      vigil_detector: 'd1',
      severity: 'critical',
      metric: 'up',
      exported_alertname: 'Other',
      exported_severity: 'low',
      exported_metric: 'm',
      exported_vigil_detector: 'x',
    });
  });

  it("applies extra labels over series labels but never over Vigil's own", () => {
    const labels = alertLabels({
      detector: 'd',
      severity: 'info',
      seriesLabels: { team: 'a' },
      extraLabels: { team: 'sre', severity: 'x', 'bad-name': 'v' },
    });
    expect(labels).toMatchObject({ team: 'sre', severity: 'info', bad_name: 'v' });
  });

  it('produces only valid label names', () => {
    const labels = alertLabels({
      detector: 'd',
      severity: 'info',
      seriesLabels: { 'http.method': 'GET', '9lives': 'x', ünï: 'y' },
    });
    for (const name of Object.keys(labels)) {
      expect(isValidLabelName(name)).toBe(true);
    }
    expect(labels).toMatchObject({ http_method: 'GET', _9lives: 'x', _n_: 'y' });
    expect(sanitizeLabelName('')).toBe('_');
    expect(isValidLabelName('__name__')).toBe(true);
    expect(isValidLabelName('a-b')).toBe(false);
  });
});

describe('alert identity', () => {
  it('is the same for the same detector and series labels in any order', () => {
    expect(alertIdentity('cpu', { instance: 'a', job: 'n', __name__: 'x' })).toBe(
      alertIdentity('cpu', { __name__: 'x', job: 'n', instance: 'a' })
    );
  });

  it('differs by detector and by any label value', () => {
    const base = alertIdentity('cpu', { instance: 'a' });
    expect(alertIdentity('mem', { instance: 'a' })).not.toBe(base);
    expect(alertIdentity('cpu', { instance: 'b' })).not.toBe(base);
    expect(alertIdentity('cpu', { instance: 'a', job: 'x' })).not.toBe(base);
    expect(base).toMatch(/^cpu\/[0-9a-f]{16}$/);
  });

  it('does not collide across many similar series', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50_000; i++) {
      seen.add(labelHash64(canonicalLabels({ instance: `host-${i}`, job: 'node' })));
    }
    expect(seen.size).toBe(50_000);
  });
});
