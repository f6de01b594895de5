import { RejectedRequestError } from './errors';
import { fakeFetch, type FakeCall } from './fakeFetch';
import { alignToGrid, PrometheusClient } from './prometheus';

const STEP = 60_000;
const START = Date.UTC(2026, 0, 1);

function matrix(result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>): string {
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
}

function params(call: FakeCall): URLSearchParams {
  return new URL(call.url, 'http://x').searchParams;
}

function prometheus(
  answer: Parameters<typeof fakeFetch>[0],
  extra: Partial<ConstructorParameters<typeof PrometheusClient>[0]> = {}
) {
  const fake = fakeFetch(answer);
  const client = new PrometheusClient({
    baseUrl: 'http://prom.test',
    fetch: fake.fetch,
    retry: { attempts: 1 },
    ...extra,
  });
  return { client, calls: fake.calls };
}

describe('PrometheusClient.queryRange', () => {
  it('requests each chunk on the grid and merges series across chunks, with churn', async () => {
    const { client, calls } = prometheus(
      (call) => {
        const start = Number(params(call).get('start')) * 1000;
        const series = (name: string) => ({
          metric: { __name__: 'up', instance: name },
          values: [0, 1, 2, 3].map((i): [number, string] => [(start + i * STEP) / 1000, String(start + i * STEP)]),
        });
        // "a" exists in every chunk, "b" appears in the second chunk only, "c" in the first only.
        const result = start === START ? [series('a'), series('c')] : [series('b'), series('a')];
        return {
          status: 200,
          body: matrix(
            result.map((s) => ({
              ...s,
              values: s.values.filter(([t]) => t * 1000 <= Number(params(call).get('end')) * 1000),
            }))
          ),
        };
      },
      { maxPointsPerChunk: 4 }
    );
    const series = await client.queryRange('up', START, START + 7 * STEP, STEP);
    expect(calls.map((call) => [params(call).get('start'), params(call).get('end'), params(call).get('step')])).toEqual(
      [
        [String(START / 1000), String((START + 3 * STEP) / 1000), '60'],
        [String((START + 4 * STEP) / 1000), String((START + 7 * STEP) / 1000), '60'],
      ]
    );
    const byInstance = Object.fromEntries(series.map((s) => [s.labels.instance, Array.from(s.timestamps)]));
    expect(byInstance.a).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => START + i * STEP));
    expect(byInstance.b).toEqual([4, 5, 6, 7].map((i) => START + i * STEP));
    expect(byInstance.c).toEqual([0, 1, 2, 3].map((i) => START + i * STEP));
    expect(Array.from(series.find((s) => s.labels.instance === 'a')!.values)).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7].map((i) => START + i * STEP)
    );
  });

  it('removes samples repeated at chunk borders and sorts them', async () => {
    const t = (i: number) => (START + i * STEP) / 1000;
    const { client } = prometheus(
      (call) => ({
        status: 200,
        body: matrix(
          params(call).get('start') === String(t(0))
            ? [
                {
                  metric: { x: '1' },
                  values: [
                    [t(0), '0'],
                    [t(1), '1'],
                  ],
                },
              ]
            : [
                {
                  metric: { x: '1' },
                  values: [
                    [t(1), '1'],
                    [t(3), '3'],
                    [t(2), '2'],
                  ],
                },
              ]
        ),
      }),
      { maxPointsPerChunk: 2 }
    );
    const [series] = await client.queryRange('x', START, START + 3 * STEP, STEP);
    expect(Array.from(series.timestamps)).toEqual([0, 1, 2, 3].map((i) => START + i * STEP));
    expect(Array.from(series.values)).toEqual([0, 1, 2, 3]);
  });

  it('parses NaN and infinities, and returns [] for an empty result', async () => {
    const { client } = prometheus([
      {
        status: 200,
        body: matrix([
          {
            metric: {},
            values: [
              [START / 1000, 'NaN'],
              [START / 1000 + 60, '+Inf'],
              [START / 1000 + 120, '-Inf'],
              [START / 1000 + 180, '1e3'],
            ],
          },
        ]),
      },
      { status: 200, body: matrix([]) },
    ]);
    const [series] = await client.queryRange('x', START, START + 3 * STEP, STEP);
    expect(Array.from(series.values)).toEqual([Number.NaN, Infinity, -Infinity, 1000]);
    await expect(client.queryRange('nothing', START, START + STEP, STEP)).resolves.toEqual([]);
  });

  it('quotes Prometheus when it rejects the query, without retrying', async () => {
    const body = JSON.stringify({
      status: 'error',
      errorType: 'bad_data',
      error: '1:9: parse error: unclosed left bracket',
    });
    const { client, calls } = prometheus([{ status: 400, body }], { retry: { attempts: 3 } });
    const error = await client.queryRange('rate(up[5m', START, START + STEP, STEP).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RejectedRequestError);
    expect((error as Error).message).toBe(
      'Prometheus rejected "rate(up[5m" (HTTP 400): bad_data: 1:9: parse error: unclosed left bracket'
    );
    expect(calls).toHaveLength(1);
  });

  it('names the endpoint and the position of a malformed response', async () => {
    const { client } = prometheus([
      { status: 200, body: JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }) },
      { status: 200, body: matrix([{ metric: { a: 'b' }, values: [[1, 2 as unknown as string]] }]) },
      { status: 200, body: '<html>proxy error</html>' },
    ]);
    await expect(client.queryRange('x', START, START, STEP)).rejects.toThrow(
      /^Prometheus query_range \(http:\/\/prom.test\/api\/v1\/query_range\): unexpected response at data.resultType/
    );
    await expect(client.queryRange('x', START, START, STEP)).rejects.toThrow(
      'Prometheus query_range: unexpected response: sample 0 of {"a":"b"} is [1,2], expected [seconds, "value"]'
    );
    await expect(client.queryRange('x', START, START, STEP)).rejects.toThrow(
      'response is not JSON: <html>proxy error</html>'
    );
  });

  it('leaves out only the series with an unreadable sample (hex included) when asked to, reporting each', async () => {
    const t = START / 1000;
    const body = matrix([
      { metric: { instance: 'good' }, values: [[t, '1.5']] },
      { metric: { instance: 'hex' }, values: [[t, '0x1A']] },
      { metric: { instance: 'word' }, values: [[t, 'many']] },
    ]);
    const { client } = prometheus([{ status: 200, body }]);
    const invalid: Array<[string, string]> = [];
    const series = await client.queryRange('x', START, START, STEP, {
      onInvalidSeries: (labels, problem) => invalid.push([labels.instance, problem]),
    });
    expect(series.map((s) => s.labels.instance)).toEqual(['good']);
    expect(invalid).toEqual([
      [
        'hex',
        'Prometheus query_range: unexpected response: sample 0 of {"instance":"hex"} is [' +
          t +
          ',"0x1A"], expected [seconds, "value"]',
      ],
      [
        'word',
        'Prometheus query_range: unexpected response: sample 0 of {"instance":"word"} is [' +
          t +
          ',"many"], expected [seconds, "value"]',
      ],
    ]);
  });

  it('keeps Prometheus\'s own error text when a body says "status":"error" with HTTP 200', async () => {
    const body = JSON.stringify({
      status: 'error',
      errorType: 'execution',
      error: 'query processing would load too much',
    });
    const { client } = prometheus([{ status: 200, body }]);
    await expect(client.queryRange('sum(x)', START, START, STEP)).rejects.toThrow(
      /answered status "error" for "sum\(x\)": execution: query processing would load too much$/
    );
  });

  it('halves a chunk that loads too many samples until Prometheus accepts it', async () => {
    const tooMany = JSON.stringify({
      status: 'error',
      errorType: 'execution',
      error: 'query processing would load too many samples into memory in query execution',
    });
    const { client, calls } = prometheus((call) => {
      const start = Number(params(call).get('start')) * 1000;
      const end = Number(params(call).get('end')) * 1000;
      const points = (end - start) / STEP + 1;
      if (points > 3) {
        return { status: 422, body: tooMany };
      }
      const values = Array.from({ length: points }, (_, i): [number, string] => [(start + i * STEP) / 1000, String(i)]);
      return { status: 200, body: matrix([{ metric: { x: '1' }, values }]) };
    });
    const [series] = await client.queryRange('x', START, START + 9 * STEP, STEP);
    expect(Array.from(series.timestamps)).toEqual(Array.from({ length: 10 }, (_, i) => START + i * STEP));
    // 10 points refused, 5 + 5 refused, 3 + 2 + 3 + 2 accepted.
    expect(calls).toHaveLength(7);
  });

  it('gives up on too many samples at a single point, quoting Prometheus', async () => {
    const tooMany = JSON.stringify({
      status: 'error',
      errorType: 'execution',
      error: 'query processing would load too many samples into memory in query execution',
    });
    const { client } = prometheus([{ status: 422, body: tooMany }]);
    await expect(client.queryRange('x', START, START + STEP, STEP)).rejects.toThrow(
      'Prometheus rejected "x" (HTTP 422): execution: query processing would load too many samples'
    );
  });

  it('switches to a form POST for a long query', async () => {
    const { client, calls } = prometheus([{ status: 200, body: matrix([]) }]);
    const longQuery = `sum(${Array.from({ length: 800 }, (_, i) => `m${i}`).join(' + ')})`;
    await client.queryRange(longQuery, START, START + STEP, STEP);
    expect(calls[0].init.method).toBe('POST');
    expect(new URLSearchParams(String(calls[0].init.body)).get('query')).toBe(longQuery);
  });

  it('passes Prometheus warnings on', async () => {
    const warnings: string[] = [];
    const { client } = prometheus(
      [
        {
          status: 200,
          body: JSON.stringify({
            status: 'success',
            data: { resultType: 'matrix', result: [] },
            infos: ['PromQL info: metric might not be a counter'],
          }),
        },
      ],
      {
        onWarning: (message) => warnings.push(message),
      }
    );
    await client.queryRange('rate(x[5m])', START, START, STEP);
    expect(warnings).toEqual(['PromQL info: metric might not be a counter']);
  });
});

describe('PrometheusClient.query', () => {
  it('returns vector and scalar samples', async () => {
    const { client } = prometheus([
      {
        status: 200,
        body: JSON.stringify({
          status: 'success',
          data: { resultType: 'vector', result: [{ metric: { job: 'a' }, value: [1700000000.5, '2'] }] },
        }),
      },
      {
        status: 200,
        body: JSON.stringify({ status: 'success', data: { resultType: 'scalar', result: [1700000000, 'NaN'] } }),
      },
      { status: 200, body: JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } }) },
    ]);
    await expect(client.query('up', 1700000000500)).resolves.toEqual([
      { labels: { job: 'a' }, timestamp: 1700000000500, value: 2 },
    ]);
    await expect(client.query('scalar(x)')).resolves.toEqual([
      { labels: {}, timestamp: 1700000000000, value: Number.NaN },
    ]);
    await expect(client.query('up[5m]')).rejects.toThrow('returned a matrix for "up[5m]"; use queryRange');
  });
});

describe('alignToGrid', () => {
  it('puts samples on the full grid with NaN for missing points', () => {
    const series = {
      labels: {},
      timestamps: Float64Array.from([START + STEP, START + 3 * STEP]),
      values: Float64Array.from([1, 3]),
    };
    const aligned = alignToGrid(series, START, START + 3 * STEP, STEP);
    expect(Array.from(aligned.values)).toEqual([Number.NaN, 1, Number.NaN, 3]);
    expect(Array.from(aligned.timestamps)).toEqual([0, 1, 2, 3].map((i) => START + i * STEP));
  });
});
