import { type FetchLike } from './http';

/** For unit tests: a fetch that answers from a script and records what it was asked. */
export interface FakeCall {
  url: string;
  init: RequestInit;
}

export type FakeAnswer = { status: number; body?: string } | 'network-error' | 'connection-reset' | 'hang';

export function fakeFetch(answers: FakeAnswer[] | ((call: FakeCall, index: number) => FakeAnswer)): {
  fetch: FetchLike;
  calls: FakeCall[];
} {
  const calls: FakeCall[] = [];
  const fetch: FetchLike = (url, init) => {
    const call = { url, init };
    calls.push(call);
    const answer =
      typeof answers === 'function'
        ? answers(call, calls.length - 1)
        : answers[Math.min(calls.length - 1, answers.length - 1)];
    // Refused: nothing was sent. Reset: the request may have arrived.
    if (answer === 'network-error') {
      return Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }));
    }
    if (answer === 'connection-reset') {
      return Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }));
    }
    if (answer === 'hang') {
      return new Promise((_, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    }
    return Promise.resolve(new Response(answer.body ?? '', { status: answer.status }));
  };
  return { fetch, calls };
}

/**
 * A Prometheus query_range answer for `url` (its start and end, in seconds): one sample per `stepMs` for each series,
 * its value as text from `value(t, endMs)` (ms), so that a test can plant spikes or unreadable samples by time.
 */
export function rangeAnswer(
  url: string,
  stepMs: number,
  series: Array<{ metric: Record<string, string>; value: (t: number, endMs: number) => string }>
): string {
  const params = new URL(url, 'http://x').searchParams;
  const start = Number(params.get('start')) * 1000;
  const end = Number(params.get('end')) * 1000;
  const result = series.map(({ metric, value }) => {
    const values: Array<[number, string]> = [];
    for (let t = start; t <= end; t += stepMs) {
      values.push([t / 1000, value(t, end)]);
    }
    return { metric, values };
  });
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
}
