import { loadRemediationActions } from './remediationActions';

const RECORD = {
  time: '2026-12-05T10:00:02.113Z',
  fingerprint: '3f2a9c0d41b7e8aa',
  activity: 'restart-api',
  target: 'Deployment/shop/api',
  outcome: 'succeeded',
  durationMs: 48,
  labels: { alertname: 'VigilAnomaly', vigil_detector: 'api-latency', service: 'api' },
  detail: 'restarted Deployment shop/api',
};

function answer(status: number, body: unknown): jest.Mock {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  // jsdom has no Response; requestJson reads status, ok and text().
  const mock = jest.fn(async () => ({ ok: status < 400, status, text: async () => text }) as unknown as Response);
  global.fetch = mock;
  return mock;
}

describe('loadRemediationActions', () => {
  it("asks the receiver through the app's plugin proxy route, with the limit and the alert's fingerprint", async () => {
    const fetchMock = answer(200, { actions: [RECORD] });
    expect(await loadRemediationActions('3f2a9c0d41b7e8aa')).toEqual([RECORD]);
    expect(fetchMock.mock.calls[0][0]).toBe(
      '/api/plugin-proxy/vigil-anomaly-app/remediate/api/v1/actions?limit=200&fingerprint=3f2a9c0d41b7e8aa'
    );
    answer(200, { actions: [] });
    expect(await loadRemediationActions()).toEqual([]);
  });

  it('refuses an answer of another shape at the edge, naming the field', async () => {
    answer(200, { actions: [{ ...RECORD, outcome: 'exploded' }] });
    await expect(loadRemediationActions()).rejects.toThrow(/unexpected shape at actions\.0\.outcome/);
    answer(200, { actions: [{ ...RECORD, durationMs: '48' }] });
    await expect(loadRemediationActions()).rejects.toThrow(/at actions\.0\.durationMs/);
    answer(200, { records: [] });
    await expect(loadRemediationActions()).rejects.toThrow(/at actions/);
    answer(200, '<html>login</html>');
    await expect(loadRemediationActions()).rejects.toThrow(/did not answer JSON/);
  });

  it('says what to change when the receiver refuses the token or cannot be reached', async () => {
    answer(401, '');
    await expect(loadRemediationActions()).rejects.toThrow(/refused the token: set the receiver's token/);
    answer(502, { message: 'Bad gateway' });
    await expect(loadRemediationActions()).rejects.toThrow(/could not reach the remediation receiver/);
    answer(500, { error: 'disk full' });
    await expect(loadRemediationActions()).rejects.toThrow(/answered 500: \{"error":"disk full"\}/);
  });
});
