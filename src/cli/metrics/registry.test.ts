import { MetricsRegistry } from './registry';

describe('MetricsRegistry', () => {
  it('renders counters, gauges and cumulative histograms in the text format', () => {
    const registry = new MetricsRegistry();
    registry.declareCounter('runs_total', 'Runs.');
    registry.declareGauge('score', 'Score with "quotes".');
    registry.declareHistogram('duration_seconds', 'Duration.', [1, 0.5]);
    registry.inc('runs_total', { detector: 'cpu' });
    registry.inc('runs_total', { detector: 'cpu' }, 2);
    registry.set('score', { instance: 'a"b\\c\nd' }, Number.NaN);
    registry.observe('duration_seconds', { detector: 'cpu' }, 0.7);
    registry.observe('duration_seconds', { detector: 'cpu' }, 0.2);
    expect(registry.render()).toBe(
      [
        '# HELP runs_total Runs.',
        '# TYPE runs_total counter',
        'runs_total{detector="cpu"} 3',
        '# HELP score Score with "quotes".',
        '# TYPE score gauge',
        'score{instance="a\\"b\\\\c\\nd"} NaN',
        '# HELP duration_seconds Duration.',
        '# TYPE duration_seconds histogram',
        'duration_seconds_bucket{detector="cpu",le="0.5"} 1',
        'duration_seconds_bucket{detector="cpu",le="1"} 2',
        'duration_seconds_bucket{detector="cpu",le="+Inf"} 2',
        'duration_seconds_sum{detector="cpu"} 0.8999999999999999',
        'duration_seconds_count{detector="cpu"} 2',
        '',
      ].join('\n')
    );
  });

  it('deletes the gauge sample with exactly the labels given, not one with more labels', () => {
    const registry = new MetricsRegistry();
    registry.declareGauge('g', 'G.');
    registry.set('g', { vigil_detector: 'a', s: '1' }, 1);
    registry.set('g', { vigil_detector: 'a', s: '1', t: '2' }, 2);
    registry.delete('g', { s: '1', vigil_detector: 'a' });
    expect(registry.render()).toBe('# HELP g G.\n# TYPE g gauge\ng{vigil_detector="a",s="1",t="2"} 2\n');
  });

  it('clears gauges of one detector only and refuses undeclared metrics', () => {
    const registry = new MetricsRegistry();
    registry.declareGauge('g', 'G.');
    registry.set('g', { vigil_detector: 'a', s: '1' }, 1);
    registry.set('g', { vigil_detector: 'b', s: '1' }, 2);
    registry.clear('g', { vigil_detector: 'a' });
    expect(registry.render()).not.toContain('"a"');
    expect(registry.render()).toContain('g{vigil_detector="b",s="1"} 2');
    expect(() => registry.inc('g', {})).toThrow('not declared as a counter');
  });
});
