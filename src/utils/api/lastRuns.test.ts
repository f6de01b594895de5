import { LAST_RUN_QUERY, LAST_RUN_SUCCEEDED_QUERY, LAST_SUCCESS_QUERY, loadLastRuns } from './lastRuns';

const answers: Record<string, Array<{ labels: Record<string, string>; value: number }>> = {};
jest.mock('./grafanaClients', () => ({
  prometheusViaGrafana: () => ({ query: async (query: string) => answers[query] ?? [] }),
}));

describe('loadLastRuns', () => {
  it("pairs each detector's last run with whether it succeeded and the last success", async () => {
    answers[LAST_RUN_QUERY] = [
      { labels: { vigil_detector: 'ok' }, value: 1_800_000_000 },
      { labels: { vigil_detector: 'never' }, value: 1_800_000_060 },
    ];
    answers[LAST_RUN_SUCCEEDED_QUERY] = [
      { labels: { vigil_detector: 'ok' }, value: 1 },
      { labels: { vigil_detector: 'never' }, value: 0 },
    ];
    answers[LAST_SUCCESS_QUERY] = [{ labels: { vigil_detector: 'ok' }, value: 1_800_000_000 }];
    expect(await loadLastRuns('prom')).toEqual({
      ok: { finishedMs: 1_800_000_000_000, succeeded: true, succeededMs: 1_800_000_000_000 },
      never: { finishedMs: 1_800_000_060_000, succeeded: false, succeededMs: null },
    });
  });

  it('leaves success unknown for a detector whose runs do not say (a CLI from before the metric)', async () => {
    answers[LAST_RUN_QUERY] = [{ labels: { vigil_detector: 'old' }, value: 1_800_000_000 }];
    answers[LAST_RUN_SUCCEEDED_QUERY] = [];
    answers[LAST_SUCCESS_QUERY] = [];
    expect(await loadLastRuns('prom')).toEqual({
      old: { finishedMs: 1_800_000_000_000, succeeded: undefined, succeededMs: null },
    });
  });
});
