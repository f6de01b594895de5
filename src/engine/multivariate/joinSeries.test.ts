import { joinSeries, type MetricSeries } from './joinSeries';

const STEP = 60_000;

function series(labels: Record<string, string>, start: number, values: number[]) {
  return {
    labels,
    timestamps: Float64Array.from(values, (_, i) => start + i * STEP),
    values: Float64Array.from(values),
  };
}

describe('joinSeries', () => {
  it('joins the metrics of each target by the on labels onto one grid spanning them all', () => {
    const outcome = joinSeries(
      [
        { metric: 'traffic', series: [series({ __name__: 'rps', instance: 'a', job: 'x' }, 0, [1, 2, 3])] },
        { metric: 'latency', series: [series({ __name__: 'p99', instance: 'a' }, STEP, [10, 20, 30])] },
      ],
      ['instance'],
      STEP
    );
    expect(outcome.incomplete).toEqual([]);
    expect(outcome.joined).toHaveLength(1);
    const [joined] = outcome.joined;
    expect(joined.labels).toEqual({ instance: 'a' });
    expect(joined.metrics).toEqual(['traffic', 'latency']);
    expect(Array.from(joined.timestamps)).toEqual([0, STEP, 2 * STEP, 3 * STEP]);
    expect(Array.from(joined.values[0])).toEqual([1, 2, 3, NaN]);
    expect(Array.from(joined.values[1])).toEqual([NaN, 10, 20, 30]);
  });

  it('lists targets missing a metric and targets where a metric matches several series', () => {
    const outcome = joinSeries(
      [
        {
          metric: 'traffic',
          series: [
            series({ instance: 'a' }, 0, [1]),
            series({ instance: 'b', path: '/x' }, 0, [2]),
            series({ instance: 'b', path: '/y' }, 0, [3]),
            series({ pod: 'no-instance' }, 0, [4]),
          ],
        },
        { metric: 'latency', series: [series({ instance: 'b' }, 0, [5])] },
      ],
      ['instance'],
      STEP
    );
    expect(outcome.incomplete).toEqual([{ labels: { instance: 'a' }, missing: ['latency'] }]);
    expect(outcome.ambiguous).toEqual([{ labels: { instance: 'b' }, metric: 'traffic', series: 2 }]);
    expect(Array.from(outcome.joined[0].values[0])).toEqual([2]);
  });

  it('with counter, puts each metric on the grid as its per-second rate: none at the start, after a gap or a reset', () => {
    const outcome = joinSeries(
      [
        { metric: 'requests', series: [series({ instance: 'a' }, 0, [0, 60, 180, NaN, 300, 30])] },
        { metric: 'errors', series: [series({ instance: 'a' }, 0, [5, 5, 11, 17, 23, 29])] },
      ],
      ['instance'],
      STEP,
      true
    );
    const [joined] = outcome.joined;
    expect(Array.from(joined.values[0])).toEqual([NaN, 1, 2, NaN, NaN, NaN]);
    expect(Array.from(joined.values[1])).toEqual([NaN, 0, 0.1, 0.1, 0.1, 0.1]);
  });

  it("with counter, takes the first step's rate from the same series' last sample before it, on an earlier step", () => {
    const visible = [{ metric: 'requests', series: [series({ instance: 'a' }, 10 * STEP, [600, 660])] }];
    const join = (before: MetricSeries[], counter = true) =>
      Array.from(joinSeries(visible, ['instance'], STEP, counter, before).joined[0].values[0]);
    const earlier = (labels: Record<string, string>, metric = 'requests', start = 8 * STEP) => [
      { metric, series: [series(labels, start, [0, 540, NaN])] },
    ];
    // The last finite sample before is 540 at step 9: 60 over the minute to 600.
    expect(join(earlier({ instance: 'a' }))).toEqual([1, 1]);
    expect(join(earlier({ instance: 'a' }), false)).toEqual([600, 660]);
    // Only the same series of the same metric, and only on an earlier step.
    expect(join(earlier({ instance: 'b' }))).toEqual([NaN, 1]);
    expect(join(earlier({ instance: 'a' }, 'errors'))).toEqual([NaN, 1]);
    expect(join([{ metric: 'requests', series: [series({ instance: 'a' }, 10 * STEP, [590])] }])).toEqual([NaN, 1]);
  });
});
