import { parseDetectorSpec } from '../../engine/detectorSpec';
import { stepMismatchWarning } from './stepMismatch';

const fiveMinutes = Float64Array.from({ length: 100 }, (_, i) => 1_700_000_000_000 + i * 300_000);
const spec = (kind: string, step: string) =>
  parseDetectorSpec({ id: 'd', name: 'd', query: 'up', step, trainingWindow: '7d', model: { kind } });

describe('stepMismatchWarning', () => {
  it('warns when a pipeline kind steps far coarser than the rows, saying what history it keeps', () => {
    expect(stepMismatchWarning(spec('seasonal_baseline', '1h'), fiveMinutes, 'd.yaml')).toBe(
      'd.yaml: step 1h, but the rows are 5m apart: seasonal_baseline keeps 168 rows of history (14h of these rows, ' +
        'not the trainingWindow 7d); set step: 5m'
    );
  });

  it('is quiet for a step near the rows, a finer one, and the kinds that take the rows as they come', () => {
    expect(stepMismatchWarning(spec('isolation_forest', '5m'), fiveMinutes, 'd.yaml')).toBeUndefined();
    expect(stepMismatchWarning(spec('isolation_forest', '1m'), fiveMinutes, 'd.yaml')).toBeUndefined();
    expect(stepMismatchWarning(spec('default', '1h'), fiveMinutes, 'd.yaml')).toBeUndefined();
    expect(stepMismatchWarning(spec('knn_cad', '1h'), fiveMinutes, 'd.yaml')).toBeUndefined();
  });
});
