import type { Series } from '../series';
import { counterHint } from './counterHint';

function series(labels: Record<string, string>, values: number[]): Series {
  return {
    labels,
    timestamps: Float64Array.from(values, (_, i) => i * 60_000),
    values: Float64Array.from(values),
  };
}

const rising = Array.from({ length: 60 }, (_, i) => 100 * i + (i % 3));
const wavy = Array.from({ length: 60 }, (_, i) => 50 + 10 * Math.sin(i / 2));

describe('counterHint', () => {
  it('says so when counter is on and the values fall at many steps, naming a series that does', () => {
    const hint = counterHint(
      [series({ __name__: 'requests_total', pod: 'a' }, rising), series({ __name__: 'cpu_usage', pod: 'b' }, wavy)],
      true,
      'requests'
    );
    expect(hint).toMatch(/^counter is on, but the values fell at \d+% of steps \(cpu_usage\{pod="b"\}\): /);
    expect(hint).toMatch(/For a gauge, turn counter off\.$/);
  });

  it('takes a counter that restarts now and then, and too few steps, as they are', () => {
    const restarting = rising.map((value, i) => (i < 30 ? value : value - 3000));
    expect(counterHint([series({ __name__: 'requests_total' }, restarting)], true, 'requests')).toBeNull();
    expect(counterHint([series({ __name__: 'cpu_usage' }, wavy.slice(0, 8))], true, 'requests')).toBeNull();
  });

  it('says so when counter is off and a series named as a raw counter only rises', () => {
    const hint = counterHint(
      [series({ __name__: 'cpu_usage' }, wavy), series({ __name__: 'http_requests_total', code: '500' }, rising)],
      false,
      'requests'
    );
    expect(hint).toBe(
      'http_requests_total{code="500"} is a raw counter (it only rises), scored as its ever-growing count: turn counter on to score its per-second rate, or write rate() in the query.'
    );
    for (const suffix of ['_count', '_sum', '_bucket']) {
      expect(counterHint([series({ __name__: `latency_seconds${suffix}` }, rising)], false, 'requests')).toMatch(
        /is a raw counter/
      );
    }
  });

  it('leaves alone the rate of a counter (no name), a counter that never moved, and a gauge named like one', () => {
    expect(counterHint([series({ code: '500' }, rising)], false, 'requests')).toBeNull();
    expect(counterHint([series({ __name__: 'errors_total' }, new Array(60).fill(7))], false, 'requests')).toBeNull();
    expect(counterHint([series({ __name__: 'queue_total' }, wavy)], false, 'requests')).toBeNull();
  });

  it('says so when counter is off and a rate() of a counter is 0 at most steps: rare events', () => {
    const errors = Array.from({ length: 60 }, (_, i) => (i % 9 === 4 ? 0.0037 : 0));
    const rate = 'sum by (code) (rate(http_requests_total{code="500"}[5m]))';
    expect(counterHint([series({ code: '500' }, errors)], false, rate)).toBe(
      'the query\'s rate is 0 at most steps ({code="500"}): each rare event stands out at full precision. To hear of a change in how often they come rather than of each one, score the raw counter (without rate()) with counter on: its rate is then judged no finer than one count over the step.'
    );
    expect(counterHint([series({ code: '500' }, errors)], false, 'errors_ratio')).toBeNull();
    expect(counterHint([series({ code: '500' }, new Array(60).fill(0))], false, rate)).toBeNull();
    expect(counterHint([series({ code: '500' }, wavy)], false, rate)).toBeNull();
  });
});
