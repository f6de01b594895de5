import { lastFiniteIndex, seriesSelector } from './series';

describe('seriesSelector', () => {
  it('writes the metric name, then the other labels sorted by name', () => {
    expect(seriesSelector({ job: 'api', __name__: 'http_requests_total', code: '500' })).toBe(
      'http_requests_total{code="500", job="api"}'
    );
  });

  it('quotes values as PromQL strings, so the selector can be pasted into a query', () => {
    expect(seriesSelector({ __name__: 'up', path: 'C:\\logs "a"' })).toBe('up{path="C:\\\\logs \\"a\\""}');
  });

  it('leaves out internal labels and empty values', () => {
    expect(seriesSelector({ __name__: 'up', __meta_pod: 'x', zone: '', job: 'node' })).toBe('up{job="node"}');
  });

  it('writes a series without a name as its braces, and one without labels as {}', () => {
    expect(seriesSelector({ instance: 'svc-1' })).toBe('{instance="svc-1"}');
    expect(seriesSelector({ __name__: 'up' })).toBe('up');
    expect(seriesSelector({})).toBe('{}');
  });
});

describe('lastFiniteIndex', () => {
  it('finds the last finite value, past trailing NaN and infinities, or -1', () => {
    expect(lastFiniteIndex(Float64Array.of(1, 2, NaN, Infinity))).toBe(1);
    expect(lastFiniteIndex(Float64Array.of(1, 2, 3))).toBe(2);
    expect(lastFiniteIndex(Float64Array.of(NaN, -Infinity))).toBe(-1);
    expect(lastFiniteIndex(new Float64Array(0))).toBe(-1);
  });
});
