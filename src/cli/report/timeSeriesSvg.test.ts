import { niceTicks, timeSeriesSvg } from './timeSeriesSvg';

const HOUR = 3_600_000;

describe('timeSeriesSvg', () => {
  const n = 48;
  const timestamps = Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * HOUR);
  const values = timestamps.map((_, i) => (i === 30 ? 50 : 10 + (i % 5)));

  it('draws the series, band, detections and labelled windows', () => {
    const detections = values.map((_, i) => (i === 30 ? 1 : 0));
    const svg = timeSeriesSvg({
      title: 'cpu <busy> & "hot"',
      timestamps,
      values,
      lower: values.map(() => 8),
      upper: values.map(() => 16),
      detections,
      windows: [[timestamps[28], timestamps[33]]],
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('cpu &lt;busy&gt; &amp; &quot;hot&quot;');
    expect(svg.match(/class="detection"/g)).toHaveLength(1);
    expect(svg.match(/class="labelled-window"/g)).toHaveLength(1);
    expect(svg).toContain('class="expected-band"');
    const path = /class="series" d="([^"]+)"/.exec(svg)![1];
    expect(path.match(/[ML]/g)).toHaveLength(n);
  });

  it('breaks the line at missing values and leaves out the band where it is unknown', () => {
    const gappy = values.map((v, i) => (i === 10 ? NaN : v));
    const svg = timeSeriesSvg({ timestamps, values: gappy });
    const path = /class="series" d="([^"]+)"/.exec(svg)![1];
    expect(path.match(/M/g)).toHaveLength(2);
    expect(svg).not.toContain('expected-band');
  });

  it('keeps long series small but keeps their spikes', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => Date.UTC(2024, 0, 1) + i * 60_000);
    const spiky = many.map((_, i) => (i === 12_345 ? 1000 : Math.sin(i / 50)));
    const svg = timeSeriesSvg({ timestamps: many, values: spiky, width: 800 });
    const path = /class="series" d="([^"]+)"/.exec(svg)![1];
    expect(path.match(/[ML]/g)!.length).toBeLessThan(800 * 4);
    const ys = [...path.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(Math.min(...ys)).toBeLessThan(40);
  });

  it('picks round ticks', () => {
    expect(niceTicks(0, 100, 4)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0.1, 0.95, 4)).toEqual([0.2, 0.4, 0.6, 0.8]);
  });
});
