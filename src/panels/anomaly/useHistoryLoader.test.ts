import { renderHook } from '@testing-library/react';
import { dateTime } from '@grafana/data';
import { seriesKey } from '../../engine/series';
import { DEFAULT_PANEL_OPTIONS } from './options';
import { useHistoryLoader } from './useHistoryLoader';

const from = Date.parse('2026-01-11T00:00:00Z');
const timeRange = { from: dateTime(from), to: dateTime(from + 3_600_000), raw: { from: 'now-1h', to: 'now' } };
const query = { expr: 'up{job="api"}', datasourceUid: 'prom-main' };

describe('useHistoryLoader', () => {
  afterEach(() => jest.restoreAllMocks());

  it('trains on history by default, and scores the visible range alone when the options say so', () => {
    const { result } = renderHook(() => useHistoryLoader(DEFAULT_PANEL_OPTIONS, query, timeRange, 60_000));
    expect(result.current).toBeDefined();
    const visible = { ...DEFAULT_PANEL_OPTIONS, trainingRange: 'visible' as const };
    expect(renderHook(() => useHistoryLoader(visible, query, timeRange, 60_000)).result.current).toBeUndefined();
  });

  it('fetches the window before the visible range through the datasource proxy, by series', async () => {
    const { requests, metric } = answerPrometheus();
    const options = { ...DEFAULT_PANEL_OPTIONS, trainingRange: 'history' as const, historyWindow: '2d' };
    const { result } = renderHook(() => useHistoryLoader(options, query, timeRange, 60_000));
    const history = await result.current!();

    expect(requests).toHaveLength(1);
    const path = requests[0].url.split('?')[0];
    expect(path).toBe('/api/datasources/proxy/uid/prom-main/api/v1/query_range');
    const sent = sentParameters(requests[0]);
    expect(sent.get('query')).toBe(query.expr);
    expect(Number(sent.get('start'))).toBe((from - 2 * 86_400_000) / 1000);
    expect(Number(sent.get('end'))).toBeLessThan(from / 1000);
    expect(Array.from(history!.get(seriesKey(metric))!.values)).toEqual([1, 2]);
  });

  it("reads another of the panel's queries over the same window when named (a multivariate panel's metrics)", async () => {
    const { requests } = answerPrometheus();
    const { result } = renderHook(() => useHistoryLoader(DEFAULT_PANEL_OPTIONS, query, timeRange, 60_000));
    await result.current!('rate(errors_total[5m])');
    expect(sentParameters(requests[0]).get('query')).toBe('rate(errors_total[5m])');
    expect(Number(sentParameters(requests[0]).get('end'))).toBeLessThan(from / 1000);
  });

  it('reads at most one request of 11,000 points per series at a fine step', async () => {
    const { requests } = answerPrometheus();
    const { result } = renderHook(() => useHistoryLoader(DEFAULT_PANEL_OPTIONS, query, timeRange, 15_000));
    await result.current!();
    expect(requests).toHaveLength(1);
    expect(Number(sentParameters(requests[0]).get('start'))).toBe((from - 10_999 * 15_000) / 1000);
  });

  it('reads only the steps after what it holds when a refresh moves the window forward, and hands out copies', async () => {
    const requests: URLSearchParams[] = [];
    global.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const sent = sentParameters({ url: String(input), body: String(init?.body ?? '') });
      requests.push(sent);
      const values: Array<[number, string]> = [];
      for (let time = Number(sent.get('start')); time <= Number(sent.get('end')); time += 60) {
        values.push([time, String(time / 60)]);
      }
      const body = { status: 'success', data: { resultType: 'matrix', result: [{ metric: { job: 'api' }, values }] } };
      return { ok: true, status: 200, text: async () => JSON.stringify(body) } as unknown as Response;
    }) as typeof fetch;
    const options = { ...DEFAULT_PANEL_OPTIONS, trainingRange: 'history' as const, historyWindow: '1h' };
    const moved = (minutes: number) => ({ ...timeRange, from: dateTime(from + minutes * 60_000) });
    const { result, rerender } = renderHook(({ range }) => useHistoryLoader(options, query, range, 60_000), {
      initialProps: { range: timeRange },
    });
    const first = (await result.current!()).get(seriesKey({ job: 'api' }))!;
    expect(first.timestamps).toHaveLength(60);
    first.values.fill(0);

    rerender({ range: moved(2) });
    const second = (await result.current!()).get(seriesKey({ job: 'api' }))!;
    expect(requests).toHaveLength(2);
    expect(Number(requests[1].get('start'))).toBe(from / 1000);
    expect(Number(requests[1].get('end'))).toBeLessThan(from / 1000 + 120);
    expect(second.timestamps).toHaveLength(60);
    expect(Array.from(second.values)).toEqual(Array.from({ length: 60 }, (_, i) => from / 60_000 - 58 + i));
  });

  it('rejects a history window that is not a duration with a message naming it', async () => {
    const options = { ...DEFAULT_PANEL_OPTIONS, trainingRange: 'history' as const, historyWindow: 'a week' };
    const { result } = renderHook(() => useHistoryLoader(options, query, timeRange, 60_000));
    await expect(result.current!()).rejects.toThrow('History window "a week" is not a duration such as 7d');
  });
});

/** GET carries the parameters in the URL, POST in a form body. */
function sentParameters(request: { url: string; body: string }): URLSearchParams {
  return new URLSearchParams(request.url.split('?')[1] ?? request.body);
}

/** A fake Prometheus behind `fetch` that answers every query_range with two points of one series. */
function answerPrometheus() {
  const requests: Array<{ url: string; body: string }> = [];
  const metric = { __name__: 'up', job: 'api', instance: 'a' };
  global.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push({ url: String(input), body: String(init?.body ?? '') });
    const body = {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {
            metric,
            values: [
              [from / 1000 - 120, '1'],
              [from / 1000 - 60, '2'],
            ],
          },
        ],
      },
    };
    // jsdom has no Response; the client reads status, ok and text().
    return { ok: true, status: 200, text: async () => JSON.stringify(body) } as unknown as Response;
  }) as typeof fetch;
  return { requests, metric };
}
