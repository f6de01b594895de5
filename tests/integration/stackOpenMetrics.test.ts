import { seriesToOpenMetrics } from '../stack';

describe('seriesToOpenMetrics', () => {
  it('writes one gauge family per metric, escaped labels, seconds, no NaN samples and # EOF', () => {
    const text = seriesToOpenMetrics([
      {
        labels: { __name__: 'cpu', path: 'a\\b "c"\nd', instance: 'x' },
        timestamps: Float64Array.of(1_700_000_000_000, 1_700_000_060_123, 1_700_000_120_000),
        values: Float64Array.of(0.5, NaN, Infinity),
      },
      { labels: { __name__: 'mem' }, timestamps: Float64Array.of(5), values: Float64Array.of(-Infinity) },
      {
        labels: { __name__: 'cpu', instance: 'y' },
        timestamps: Float64Array.of(1_700_000_000_000),
        values: Float64Array.of(1e21),
      },
    ]);
    expect(text).toBe(
      [
        '# TYPE cpu gauge',
        'cpu{instance="x",path="a\\\\b \\"c\\"\\nd"} 0.5 1700000000',
        'cpu{instance="x",path="a\\\\b \\"c\\"\\nd"} +Inf 1700000120',
        'cpu{instance="y"} 1e+21 1700000000',
        '# TYPE mem gauge',
        'mem -Inf 0.005',
        '# EOF',
        '',
      ].join('\n')
    );
  });

  it('names the series that cannot be written', () => {
    const timestamps = Float64Array.of(0);
    const values = Float64Array.of(1);
    expect(() => seriesToOpenMetrics([{ labels: { job: 'x' }, timestamps, values }])).toThrow(
      'series #0 {"job":"x"} has no __name__ label'
    );
    expect(() => seriesToOpenMetrics([{ labels: { __name__: 'a-b' }, timestamps, values }])).toThrow(
      "'a-b' is not a valid metric name"
    );
    expect(() => seriesToOpenMetrics([{ labels: { __name__: 'a', 'bad-label': '1' }, timestamps, values }])).toThrow(
      "'bad-label' is not a valid label name"
    );
    expect(() =>
      seriesToOpenMetrics([{ labels: { __name__: 'a' }, timestamps, values: Float64Array.of(1, 2) }])
    ).toThrow('series #0 (a) has 1 timestamps but 2 values');
  });
});
