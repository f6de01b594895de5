import pino from 'pino';
import { parseDetectorSpec } from '../../engine/detectorSpec';
import type { Series } from '../../engine/series';
import { engineAdapter } from '../run/engineAdapter';
import { detectorSection, scoreDay } from './dailyReport';

const STEP = 300_000;
const DAY = Date.UTC(2026, 0, 10);
const spec = parseDetectorSpec({
  id: 'load',
  name: 'Load',
  query: 'load',
  step: '5m',
  trainingWindow: '2d',
  model: { kind: 'seasonal_baseline' },
});

/** A series on the 5-minute grid from `fromMs` to `toMs` (exclusive). */
function series(instance: string, fromMs: number, toMs: number): Series {
  const timestamps = Float64Array.from({ length: (toMs - fromMs) / STEP }, (_, i) => fromMs + i * STEP);
  const values = Float64Array.from(timestamps, (t) => 50 + 10 * Math.sin((2 * Math.PI * t) / 86_400_000));
  return { labels: { __name__: 'load', instance }, timestamps, values };
}

describe('the daily report of a detector', () => {
  it('says how many series it left out and why, rather than only "0 series"', () => {
    const start = DAY - 2 * 86_400_000;
    const scored = scoreDay(
      engineAdapter,
      spec,
      [
        series('full', start, DAY + 86_400_000),
        series('new', DAY - 10 * STEP, DAY + 86_400_000),
        series('gone', start, DAY),
      ],
      DAY,
      60,
      pino({ level: 'silent' })
    );
    expect(scored).toMatchObject({ tooLittleHistory: 1, noPointsInDay: 1 });
    expect(scored.days.map((day) => day.series.labels.instance)).toEqual(['full']);
    expect(detectorSection(spec, scored, 1, 60).text).toBe(
      'load | step 5m, trained on 2d before the day | 1 series, 0 anomalous points | 2 series left out: 1 with ' +
        'fewer than min_points (60) points before the day, 1 with no point in the day'
    );
  });
});
