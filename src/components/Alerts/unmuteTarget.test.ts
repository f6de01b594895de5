import type { Silence } from '../../clients';
import { alertmanagerAlert } from './alertTestData';
import { alertUnmuteTarget, describeSilence, silenceUnmuteTarget } from './unmuteTarget';

const ours: Silence = {
  id: 'ours',
  status: { state: 'active' },
  matchers: [{ name: 'instance', value: 'web-1', isRegex: false, isEqual: true }],
  startsAt: '2026-01-11T07:00:00.000Z',
  endsAt: '2026-01-11T08:00:00.000Z',
  createdBy: 'vigil',
  comment: 'deploy',
};
const alices: Silence = {
  ...ours,
  id: 'alices',
  matchers: [{ name: 'job', value: 'vigil-demo', isRegex: false, isEqual: true }],
  endsAt: '2026-01-11T19:00:00.000Z',
  createdBy: 'alice',
  comment: 'Planned maintenance CHG-42',
};
const alert = alertmanagerAlert(
  { alertname: 'VigilAnomaly', vigil_detector: 'rps', instance: 'web-1' },
  {},
  'suppressed'
);

describe('unmute targets', () => {
  it("expire Vigil's silences of an alert and say who else still mutes it", () => {
    expect(alertUnmuteTarget(alert, { vigil: [ours], others: [alices], unknownIds: [] })).toEqual({
      what: 'rps {instance="web-1"}',
      silences: [ours],
      remaining:
        'is still muted by alice\'s silence until 2026-01-11 19:00:00 ("Planned maintenance CHG-42"): only ' +
        "Vigil's silence was expired.",
    });
    expect(alertUnmuteTarget(alert, { vigil: [ours], others: [], unknownIds: [] }).remaining).toBeUndefined();
  });

  it('name the series as the Explore link selects it: the metric label as its name, values escaped', () => {
    const labelled = alertmanagerAlert(
      { alertname: 'VigilAnomaly', vigil_detector: 'rps', metric: 'http_requests', path: '/say "hi"' },
      {},
      'suppressed'
    );
    expect(alertUnmuteTarget(labelled, { vigil: [ours], others: [], unknownIds: [] }).what).toBe(
      'rps http_requests{path="/say \\"hi\\""}'
    );
  });

  it('name a silence by its matchers', () => {
    expect(silenceUnmuteTarget(ours)).toEqual({ what: 'the silence {instance="web-1"}', silences: [ours] });
  });

  it("describe a silence without a comment, and Vigil's by name", () => {
    expect(describeSilence({ ...alices, comment: '' })).toBe("alice's silence until 2026-01-11 19:00:00");
    expect(describeSilence(ours)).toBe('Vigil\'s silence until 2026-01-11 08:00:00 ("deploy")');
  });
});
