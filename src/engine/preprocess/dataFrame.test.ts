import { fromDataFrames } from './dataFrame';

describe('fromDataFrames', () => {
  it('makes one Series per number field, with the field labels', () => {
    const series = fromDataFrames([
      {
        refId: 'A',
        fields: [
          { name: 'Time', type: 'time', values: [2000, 1000, 3000] },
          { name: 'Value', type: 'number', values: [2, 1, null], labels: { job: 'api' } },
          { name: 'other', type: 'number', values: [5, 4, 6] },
          { name: 'note', type: 'string', values: ['a', 'b', 'c'] },
        ],
      },
    ]);
    expect(series).toHaveLength(2);
    expect(series[0].labels).toEqual({ job: 'api' });
    expect(Array.from(series[0].timestamps)).toEqual([1000, 2000, 3000]);
    expect(Array.from(series[0].values)).toEqual([1, 2, NaN]);
    expect(series[1].labels).toEqual({ __name__: 'other' });
    expect(Array.from(series[1].values)).toEqual([4, 5, 6]);
  });

  it('reads vector-like values with toArray()', () => {
    const values = { toArray: () => [1, 2] };
    const [series] = fromDataFrames([
      {
        fields: [
          { name: 't', type: 'time', values: { toArray: () => [10, 20] } },
          { name: 'v', type: 'number', values },
        ],
      },
    ]);
    expect(Array.from(series.values)).toEqual([1, 2]);
  });

  it('names the frame without a time field', () => {
    expect(() => fromDataFrames([{ name: 'cpu', fields: [{ name: 'v', type: 'number', values: [1] }] }])).toThrow(
      'frame cpu: has no time field'
    );
  });
});
