import { DEFAULT_DETECTOR_STATE_VERSION } from '../../engine/default';
import { parseDetectorSpec } from '../../engine/detectorSpec';
import { engineAdapter } from './engineAdapter';
import { runScoreTask, type ScoreTask } from './scoreTask';

const MINUTE = 60_000;
const spec = parseDetectorSpec({ id: 'cpu', name: 'CPU', query: 'cpu', step: '1m', trainingWindow: '1d' });

function task(model?: string): ScoreTask {
  const timestamps = Float64Array.from({ length: 600 }, (_, i) => i * MINUTE);
  const values = Float64Array.from(timestamps, (t, i) => 50 + 10 * Math.sin(t / 3_600_000) + (i % 7));
  return { spec, series: { labels: {}, timestamps, values }, split: 540, model, withHistory: true, minPoints: 60 };
}

describe('runScoreTask with the real engine', () => {
  it('continues from a stored default model, and refits when it is of an earlier state version or not JSON', () => {
    const fitted = runScoreTask(engineAdapter, task());
    expect(fitted).toMatchObject({ kind: 'scored', fitted: true });
    const model = fitted.kind === 'scored' ? fitted.model : '';
    expect(runScoreTask(engineAdapter, task(model))).toMatchObject({ kind: 'scored', fitted: false, restored: true });

    const earlier = JSON.stringify({ ...JSON.parse(model), version: DEFAULT_DETECTOR_STATE_VERSION - 1 });
    const refitted = runScoreTask(engineAdapter, task(earlier));
    expect(refitted).toMatchObject({ kind: 'scored', fitted: true, restored: false });
    expect(refitted.kind === 'scored' && refitted.restoreError).toMatch(
      `not a state of the default detector (version ${DEFAULT_DETECTOR_STATE_VERSION})`
    );

    expect(runScoreTask(engineAdapter, task(model.slice(0, -1)))).toMatchObject({
      kind: 'scored',
      fitted: true,
      restoreError: expect.stringMatching(/JSON/),
    });
  });
});
