import { PrometheusClient } from '../../clients/prometheus';
import { UserError } from '../command';
import { labelRanges, readPrometheusCorpus } from './prometheusCorpus';

const STEP = 60_000;
const START = Date.UTC(2024, 0, 1);

type Matrices = Record<string, Array<{ metric: Record<string, string>; values: Array<[number, string]> }>>;

/** A fake Prometheus's fetch, answering query_range from a table of matrices by query. */
function fakeFetch(matrices: Matrices) {
  return async (input: string, init: RequestInit) => {
    const url = new URL(input);
    const params = init.body ? new URLSearchParams(String(init.body)) : url.searchParams;
    const query = params.get('query')!;
    const start = Number(params.get('start'));
    const end = Number(params.get('end'));
    const result = (matrices[query] ?? []).map((entry) => ({
      metric: entry.metric,
      values: entry.values.filter(([t]) => t >= start && t <= end),
    }));
    return new Response(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
}

function fakeClient(matrices: Matrices) {
  return new PrometheusClient({
    baseUrl: 'http://prometheus.test',
    fetch: fakeFetch(matrices),
    retry: { attempts: 1 },
  });
}

function samples(count: number, value: (i: number) => number): Array<[number, string]> {
  return Array.from({ length: count }, (_, i) => [(START + i * STEP) / 1000, String(value(i))]);
}

describe('Prometheus corpus', () => {
  it('turns runs of non-zero label samples into windows', () => {
    const labels = {
      labels: {},
      timestamps: Float64Array.from([0, 1, 2, 3, 4, 6, 7].map((i) => i * STEP)),
      values: Float64Array.from([0, 1, 1, 0, 1, 1, 0]),
    };
    expect(labelRanges(labels, STEP)).toEqual([
      [STEP, 2 * STEP],
      [4 * STEP, 4 * STEP],
      [6 * STEP, 6 * STEP],
    ]);
  });

  it('pairs each series with the label series of the same labels', async () => {
    const client = fakeClient({
      cpu: [
        { metric: { __name__: 'cpu', instance: 'a' }, values: samples(100, (i) => i) },
        { metric: { __name__: 'cpu', instance: 'b' }, values: samples(100, (i) => 2 * i) },
      ],
      cpu_anomaly: [
        {
          metric: { __name__: 'cpu_anomaly', instance: 'b' },
          values: samples(100, (i) => (i >= 40 && i < 50 ? 1 : 0)),
        },
      ],
    });
    const corpus = await readPrometheusCorpus(client, {
      query: 'cpu',
      labelsQuery: 'cpu_anomaly',
      startMs: START,
      endMs: START + 99 * STEP,
      stepMs: STEP,
    });
    expect(corpus.map((f) => f.name)).toEqual(['{__name__="cpu",instance="a"}', '{__name__="cpu",instance="b"}']);
    expect(corpus[0].windows).toEqual([]);
    expect(corpus[1].windows).toEqual([{ start: 40, end: 49 }]);
    expect(corpus[1].series.values).toHaveLength(100);
  });

  it('says so when the query returns nothing', async () => {
    const client = fakeClient({});
    await expect(
      readPrometheusCorpus(client, {
        query: 'nothing',
        labelsQuery: 'x',
        startMs: START,
        endMs: START + STEP,
        stepMs: STEP,
      })
    ).rejects.toThrow('returned no series');
  });

  it("names the flag and Prometheus's own words when it rejects a query, as a user mistake", async () => {
    const answer = fakeFetch({ up: [{ metric: { __name__: 'up' }, values: samples(2, () => 1) }] });
    const fetch = async (input: string, init: RequestInit) =>
      new URLSearchParams(String(init.body ?? new URL(input).search)).get('query') === 'demo{'
        ? new Response(
            JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error: unexpected end' }),
            {
              status: 400,
              headers: { 'content-type': 'application/json' },
            }
          )
        : answer(input, init);
    const client = new PrometheusClient({ baseUrl: 'http://prometheus.test', fetch, retry: { attempts: 1 } });
    const read = readPrometheusCorpus(client, {
      query: 'up',
      labelsQuery: 'demo{',
      startMs: START,
      endMs: START + STEP,
      stepMs: STEP,
    });
    await expect(read).rejects.toThrow(UserError);
    await expect(read).rejects.toThrow(/^backtest: --labels "demo\{": .*parse error: unexpected end/);
  });
});
