import { LAST_RUN_QUERY, LAST_SUCCESS_QUERY, loadLastRuns } from './lastRuns';

const answers: Record<string, Array<{ labels: Record<string, string>; value: number }>> = {};
jest.mock('./grafanaClients', () => ({
  prometheusViaGrafana: () => ({ query: async (query: string) => answers[query] ?? [] }),
}));

describe('loadLastRuns', () => {
  it("pairs each detector's last run with its last success, null for a detector that never succeeded", async () => {
    answers[LAST_RUN_QUERY] = [
      { labels: { vigil_detector: 'ok' }, value: 1_800_000_000 },
      { labels: { vigil_detector: 'never' }, value: 1_800_000_060 },
    ];
    answers[LAST_SUCCESS_QUERY] = [{ labels: { vigil_detector: 'ok' }, value: 1_800_000_000 }];
    expect(await loadLastRuns('prom')).toEqual({
      ok: { finishedMs: 1_800_000_000_000, succeededMs: 1_800_000_000_000 },
      never: { finishedMs: 1_800_000_060_000, succeededMs: null },
    });
  });

  it('claims nothing about success when no detector has the metric (a CLI from before it)', async () => {
    answers[LAST_RUN_QUERY] = [{ labels: { vigil_detector: 'old' }, value: 1_800_000_000 }];
    answers[LAST_SUCCESS_QUERY] = [];
    expect(await loadLastRuns('prom')).toEqual({ old: { finishedMs: 1_800_000_000_000, succeededMs: undefined } });
  });
});
