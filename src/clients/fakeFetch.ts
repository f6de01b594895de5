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
