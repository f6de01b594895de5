import { fromPrometheusMatrix, PreprocessError } from './prometheus';

describe('fromPrometheusMatrix', () => {
  const body = {
    status: 'success',
    data: {
      resultType: 'matrix',
      result: [
        {
          metric: { __name__: 'up', instance: 'a' },
          values: [
            [1700000060, '2'],
            [1700000000, '1'],
            [1700000120, 'NaN'],
            [1700000180, '+Inf'],
            [1700000240, '-Inf'],
          ],
        },
        { metric: { __name__: 'up', instance: 'b' }, values: [] },
      ],
    },
  };

  it('turns each result into a sorted Series in milliseconds with special values parsed', () => {
    const [a, b] = fromPrometheusMatrix(body);
    expect(a.labels).toEqual({ __name__: 'up', instance: 'a' });
    expect(Array.from(a.timestamps)).toEqual([
      1700000000000, 1700000060000, 1700000120000, 1700000180000, 1700000240000,
    ]);
    expect(Array.from(a.values)).toEqual([1, 2, NaN, Infinity, -Infinity]);
    expect(b.timestamps.length).toBe(0);
  });

  it('accepts the data part alone', () => {
    expect(fromPrometheusMatrix(body.data)).toHaveLength(2);
  });

  it('names what is wrong', () => {
    expect(() => fromPrometheusMatrix({ status: 'success', data: { resultType: 'vector', result: [] } })).toThrow(
      'expected resultType "matrix", got "vector"'
    );
    expect(() => fromPrometheusMatrix({ status: 'error', errorType: 'bad_data', error: 'parse error' })).toThrow(
      'Prometheus answered with an error: bad_data: parse error'
    );
    expect(() =>
      fromPrometheusMatrix({
        status: 'success',
        data: { resultType: 'matrix', result: [{ metric: {}, values: [[1, 2]] }] },
      })
    ).toThrow(PreprocessError);
    expect(() => fromPrometheusMatrix('nope', 'prometheus at x')).toThrow(/^prometheus at x: /);
  });
});
