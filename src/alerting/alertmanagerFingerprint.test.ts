import { alertmanagerFingerprint } from './alertmanagerFingerprint';

describe('alertmanagerFingerprint', () => {
  it("is Alertmanager's fingerprint of the alert's labels, whatever their order", () => {
    // Read from Alertmanager 0.25's GET /api/v2/alerts after POSTing an alert with these labels.
    const labels = { alertname: 'VigilAnomaly', vigil_detector: 'amtest', instance: 'a-1' };
    expect(alertmanagerFingerprint(labels)).toBe('cc4232dbde273e10');
    expect(alertmanagerFingerprint({ instance: 'a-1', vigil_detector: 'amtest', alertname: 'VigilAnomaly' })).toBe(
      'cc4232dbde273e10'
    );
  });

  it("of no labels is FNV-1a's offset basis, as prometheus/common's emptyLabelSignature", () => {
    expect(alertmanagerFingerprint({})).toBe('cbf29ce484222325');
  });
});
